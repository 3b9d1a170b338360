import { describe, expect, it } from 'vitest';
import {
  activeOn,
  commitHost,
  isFair,
  newRotation,
  planHosts,
  swapHosts,
  syncMembers,
  type Member,
  type Rotation,
  type Slot,
} from '../core/rotation';
import { meetingDates, meetingTimes, nthWeekday } from '../core/meetings';
import { wall } from './support/wall';

const parties = ['lansstyrelsen', 'kriminalvarden', 'polisen', 'aklagarmyndigheten', 'region-stockholm', 'stockholms-stad', 'storsthlm'];
const members = parties.map((org) => ({ org }));
/** Monthly except July, like the samordningsgrupp: eleven dates a year. */
const monthly = (year: number) => [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12].map((m) => `${year}-${String(m).padStart(2, '0')}-10`);
const slots = (dates: string[]): Slot[] => dates.map((date) => ({ id: date, date, skips: [] }));

/** Holds every meeting in turn, as the series does: plan, hold the first, plan again. */
function holdAll(start: Rotation, dates: string[], change?: (date: string, r: Rotation) => Rotation) {
  let rotation = start;
  const held: { host: string | null; date: string }[] = [];
  for (const [i, date] of dates.entries()) {
    if (change) rotation = change(date, rotation);
    const plan = planHosts(rotation, slots(dates.slice(i)));
    if (!plan.ok) throw new Error(JSON.stringify(plan.problem));
    const host = plan.hosts[0]!.host;
    held.push({ host, date });
    rotation = commitHost(rotation, host, date);
  }
  return { rotation, held };
}

describe('rotating hosts', () => {
  it('gives every party a turn before anyone hosts twice, across the year boundary', () => {
    const dates = [...monthly(2027), ...monthly(2028)];
    const { held, rotation } = holdAll(newRotation(members), dates);
    expect(held.slice(0, 7).map((h) => h.host)).toEqual(parties);
    // 2027 has eleven meetings: the second round runs on into 2028 where it left off.
    expect(held.slice(7, 11).map((h) => h.host)).toEqual(parties.slice(0, 4));
    expect(held.slice(11, 14).map((h) => h.host)).toEqual(parties.slice(4));
    expect(isFair(members, held)).toBe(true);
    expect(rotation.round).toBe(3);
    expect(rotation.done).toEqual(parties.slice(0, 22 - 21));
  });

  it('shows the coming hosts in order from where the rotation stands', () => {
    const rotation = commitHost(commitHost(newRotation(members), 'lansstyrelsen', '2027-01-10'), 'kriminalvarden', '2027-02-10');
    const plan = planHosts(rotation, slots(monthly(2027).slice(2, 8)));
    expect(plan.ok && plan.hosts.map((h) => [h.host, h.round])).toEqual([
      ['polisen', 0],
      ['aklagarmyndigheten', 0],
      ['region-stockholm', 0],
      ['stockholms-stad', 0],
      ['storsthlm', 0],
      ['lansstyrelsen', 1],
    ]);
  });

  it('lets a skipped party keep its turn: it hosts the next meeting it can', () => {
    const rotation = commitHost(newRotation(members), 'lansstyrelsen', '2027-01-10');
    const coming = slots(monthly(2027).slice(1, 8));
    coming[0]!.skips = ['kriminalvarden'];
    const plan = planHosts(rotation, coming);
    expect(plan.ok && plan.hosts.map((h) => h.host)).toEqual([
      'polisen',
      'kriminalvarden',
      'aklagarmyndigheten',
      'region-stockholm',
      'stockholms-stad',
      'storsthlm',
      'lansstyrelsen',
    ]);
    expect(isFair(members, plan.ok ? plan.hosts.map((h, i) => ({ host: h.host, date: coming[i]!.date })) : [], ['lansstyrelsen'])).toBe(
      true,
    );
  });

  it('leaves a meeting to the convenor when everyone still owed a turn is skipped', () => {
    let rotation = newRotation(members.slice(0, 2));
    rotation = commitHost(rotation, 'lansstyrelsen', '2027-01-10');
    const plan = planHosts(rotation, [
      { id: 'a', date: '2027-02-10', skips: ['kriminalvarden'] },
      { id: 'b', date: '2027-03-10', skips: [] },
    ]);
    expect(plan.ok && plan.hosts.map((h) => h.host)).toEqual([null, 'kriminalvarden']);
  });

  it('swaps two hosts within a round, and refuses a swap that lets someone host twice in a round', () => {
    const rotation = newRotation(members);
    const coming = slots(monthly(2027).slice(0, 9));
    // Polisen (3rd) and Storsthlm (7th) trade meetings: both still host once in the round.
    const swapped = swapHosts(rotation, coming, coming[2]!.id, coming[6]!.id);
    expect(swapped.ok).toBe(true);
    const plan = planHosts(rotation, swapped.ok ? swapped.slots : []);
    expect(plan.ok && plan.hosts.map((h) => h.host)).toEqual([
      'lansstyrelsen',
      'kriminalvarden',
      'storsthlm',
      'aklagarmyndigheten',
      'region-stockholm',
      'stockholms-stad',
      'polisen',
      'lansstyrelsen',
      'kriminalvarden',
    ]);
    // Storsthlm (7th, round one) with Länsstyrelsen (8th, round two): Länsstyrelsen would host twice.
    expect(swapHosts(rotation, coming, coming[6]!.id, coming[7]!.id)).toEqual({
      ok: false,
      problem: { kind: 'acrossRounds', slotId: coming[7]!.id, org: 'storsthlm' },
    });
    // Pinned by hand across rounds, the plan refuses the party that would host twice.
    const across = slots(monthly(2027).slice(0, 9));
    across[0]!.pinned = 'lansstyrelsen';
    across[7]!.pinned = 'storsthlm';
    across[6]!.pinned = 'lansstyrelsen';
    expect(planHosts(rotation, across)).toEqual({
      ok: false,
      problem: { kind: 'twiceInRound', slotId: across[6]!.id, org: 'lansstyrelsen' },
    });
  });

  it('refuses to pin a party that is not a member on the day', () => {
    const rotation = newRotation([...members, { org: 'migrationsverket', from: '2027-06-01' }]);
    const coming = [{ id: 'x', date: '2027-03-10', skips: [], pinned: 'migrationsverket' }];
    expect(planHosts(rotation, coming)).toEqual({ ok: false, problem: { kind: 'notMember', slotId: 'x', org: 'migrationsverket' } });
  });

  it('gives a party that joins mid-round its turn in that round, and owes nothing to one that leaves', () => {
    const dates = [...monthly(2027), ...monthly(2028)];
    const joined: Member[] = [...members, { org: 'migrationsverket', from: '2027-04-01' }];
    const { held } = holdAll(newRotation(members), dates, (date, r) => {
      const now = joined.filter((m) => !m.from || m.from <= date);
      // Kriminalvården leaves at the end of 2027.
      const still = date >= '2028-01-01' ? now.filter((m) => m.org !== 'kriminalvarden') : now;
      return syncMembers(r, still, date);
    });
    const hosts = held.map((h) => h.host);
    expect(hosts.slice(0, 8)).toEqual([...parties, 'migrationsverket']);
    expect(hosts.slice(8, 11)).toEqual(['lansstyrelsen', 'kriminalvarden', 'polisen']);
    expect(hosts.slice(11)).not.toContain('kriminalvarden');
    const asMembers = [
      ...members.map((m) => (m.org === 'kriminalvarden' ? { org: m.org, to: '2027-12-31' } : m)),
      { org: 'migrationsverket', from: '2027-04-01' },
    ];
    expect(isFair(asMembers, held)).toBe(true);
  });

  it('syncs members: a newcomer goes last, one no longer listed leaves the day before', () => {
    const r = syncMembers(
      newRotation(members.slice(0, 3)),
      [{ org: 'polisen' }, { org: 'lansstyrelsen' }, { org: 'storsthlm', from: '2027-05-01' }],
      '2027-05-01',
    );
    expect(r.order).toEqual(['lansstyrelsen', 'kriminalvarden', 'polisen', 'storsthlm']);
    expect(r.members.find((m) => m.org === 'kriminalvarden')).toEqual({ org: 'kriminalvarden', to: '2027-04-30' });
    expect(activeOn(r, '2027-05-01')).toEqual(['lansstyrelsen', 'polisen', 'storsthlm']);
  });

  it('catches an unfair sequence', () => {
    expect(
      isFair(members, [
        { host: 'polisen', date: '2027-01-10' },
        { host: 'polisen', date: '2027-02-10' },
      ]),
    ).toBe(false);
  });
});

describe('meeting dates', () => {
  it('finds the nth and the last weekday of a month', () => {
    expect(nthWeekday(2027, 3, 2, 2)).toEqual({ year: 2027, month: 3, day: 9 }); // 2nd Tuesday
    expect(nthWeekday(2027, 3, 4, -1)).toEqual({ year: 2027, month: 3, day: 25 }); // last Thursday
    expect(nthWeekday(2027, 2, 1, 1)).toEqual({ year: 2027, month: 2, day: 1 }); // 1st Monday
    expect(nthWeekday(2027, 10, 7, -1)).toEqual({ year: 2027, month: 10, day: 31 }); // last Sunday
  });

  it('puts the samordningsgrupp monthly except July and the styrgrupp four times a year, at Stockholm time across DST', () => {
    const sg = meetingDates({ months: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], weekday: 2, nth: 2, start: '09:00', minutes: 180 }, 2027);
    expect(sg).toHaveLength(11);
    expect(sg.map((m) => wall(m.startsAt))).toContain('2027-03-09 09:00');
    expect(sg.map((m) => wall(m.startsAt))).toContain('2027-04-13 09:00');
    expect(sg.find((m) => wall(m.startsAt) === '2027-03-09 09:00')!.startsAt.toISOString()).toBe('2027-03-09T08:00:00.000Z');
    expect(sg.find((m) => wall(m.startsAt) === '2027-04-13 09:00')!.startsAt.toISOString()).toBe('2027-04-13T07:00:00.000Z');
    expect(sg.some((m) => m.startsAt.getUTCMonth() === 6)).toBe(false);
    const st = meetingDates({ months: [2, 5, 9, 11], weekday: 4, nth: -1, start: '13:00', minutes: 120 }, 2027);
    expect(st.map((m) => `${wall(m.startsAt)}–${wall(m.endsAt).slice(11)}`)).toEqual([
      '2027-02-25 13:00–15:00',
      '2027-05-27 13:00–15:00',
      '2027-09-30 13:00–15:00',
      '2027-11-25 13:00–15:00',
    ]);
  });

  it('puts the notice, the host reminder and the minutes deadline on Stockholm days around a meeting', () => {
    const start = new Date('2027-04-13T07:00:00Z');
    const times = meetingTimes(start, new Date(start.getTime() + 3 * 3_600_000), {
      noticeDays: 28,
      hostReminderDays: 14,
      minutes: {
        dueDays: 7,
        reminders: { before: ['2d'], onTheDay: false, thenEvery: '7d' },
        escalation: [{ afterDays: 3, seatIds: ['s'] }],
      },
    });
    expect(times.date).toBe('2027-04-13');
    expect(wall(times.noticeAt)).toBe('2027-03-16 08:00'); // winter time, a month before
    expect(times.noticeAt).toBe('2027-03-16T07:00:00.000Z');
    expect(wall(times.hostReminderAt)).toBe('2027-03-30 08:00');
    expect(wall(times.minutes.dueAt)).toBe('2027-04-20 23:59');
    expect(times.minutes.remindAt.slice(0, 2).map(wall)).toEqual(['2027-04-18 08:00', '2027-04-27 08:00']);
    expect(times.minutes.escalations.map((e) => wall(e.at))).toEqual(['2027-04-23 08:00']);
  });
});
