import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import ical from 'node-ical';
import * as t from '../db/schema';
import { isFair, type Member } from '../core/rotation';
import { meetingSeriesCycle } from './support/definitions';
import { eventually, injectAs } from './support/app';
import { wall } from './support/wall';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const SERIES = 'meetings/samordningsgrupp';

interface MeetingJson {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  status: string;
  host: { slug: string; name: string } | null;
  hostPinned: boolean;
  agenda: { title: string; kind?: string; source: string }[];
  sequence: number;
  minutesWorkflowId: string | null;
  minutes: string | null;
}
interface SeriesJson {
  id: string;
  rotation: { order: { slug: string; name: string; member: boolean; hostedThisRound: boolean }[]; round: number };
  nextHost: { slug: string } | null;
  meetings: MeetingJson[];
}

/**
 * Two years of the samordningsgrupp's meetings on Temporal's time-skipping server, started by a
 * cycle: notices and host reminders at their times, swaps, a skip, a move across summer time, a
 * cancellation, a party joining, minutes written and minutes left to escalate, and a fair rotation
 * across the year boundary and a continue-as-new.
 */
describe('meeting series over two years', () => {
  let sim: MailSimulation;

  beforeAll(async () => {
    sim = await simulateWithMail();
  });
  afterAll(async () => sim?.stop());

  const call = async (method: 'GET' | 'POST', url: string, payload?: object, status = 200, as?: { kind: string; seat?: string }) => {
    const res = await injectAs(sim.app, { method, url, payload }, as);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const series = (body = 'samordningsgrupp') => call('GET', `/api/meetings/${body}`) as Promise<SeriesJson>;
  const hosts = (ms: MeetingJson[]) => ms.map((m) => m.host?.slug ?? null);
  const byDate = (s: SeriesJson, date: string) => s.meetings.find((m) => wall(m.startsAt).startsWith(date))!;
  /** Outbox rows of one meeting: [kind, address, Stockholm time]. */
  const mailsOf = async (meetingId: string) =>
    (
      await sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.targetKind, 'meeting'), eq(t.mailOutbox.targetId, meetingId)))
        .orderBy(asc(t.mailOutbox.scheduledAt), asc(t.mailOutbox.toAddress))
    ).map((m) => ({ kind: m.kind, to: m.toAddress, at: wall(m.scheduledAt), ics: m.ics, subject: m.subject }));
  const taskMails = async (workflowId: string) =>
    (
      await sim.db
        .select()
        .from(t.mailOutbox)
        .where(like(t.mailOutbox.key, `${workflowId}:%`))
        .orderBy(asc(t.mailOutbox.scheduledAt))
    ).map((m) => [m.kind, m.toAddress, wall(m.scheduledAt)]);
  const event = (ics: string) => Object.values(ical.sync.parseICS(ics)).find((e) => e?.type === 'VEVENT') as ical.VEvent;

  it(
    'rotates hosts fairly, sends notices, reminders, updates and minutes at their times, for two years',
    { timeout: 600_000 },
    async () => {
      await call('POST', '/api/definitions', { definition: meetingSeriesCycle, actor: coordinator }, 201);
      await sim.until('2026-12-01 09:00');
      await call('POST', '/api/cycles', { definition: 'motesserier', year: 2027, actor: coordinator }, 201);

      // ── The series plans 2027 and shows the rotation and who hosts next.
      let s = await eventually(async () => {
        const res = await injectAs(sim.app, { method: 'GET', url: '/api/meetings/samordningsgrupp' });
        return res.statusCode === 200 && res.json().meetings.length === 11 ? (res.json() as SeriesJson) : undefined;
      });
      const order = [
        'kriminalvarden',
        'lansstyrelsen',
        'polisen',
        'region-stockholm',
        'stockholms-stad',
        'storsthlm',
        'aklagarmyndigheten',
      ];
      expect(s.rotation.order.map((o) => o.slug)).toEqual(order);
      expect(s.nextHost?.slug).toBe('kriminalvarden');
      expect(hosts(s.meetings)).toEqual([...order, ...order.slice(0, 4)]);
      expect(s.meetings.map((m) => wall(m.startsAt).slice(0, 10))).toEqual([
        '2027-01-12',
        '2027-02-09',
        '2027-03-09',
        '2027-04-13',
        '2027-05-11',
        '2027-06-08',
        '2027-08-10',
        '2027-09-14',
        '2027-10-12',
        '2027-11-09',
        '2027-12-14',
      ]);

      // The cycle put its phase review on the first meeting, and its decision on the styrgrupp's May meeting.
      const reviewed = await eventually(async () => {
        const now = await series();
        return now.meetings[0]!.agenda.length ? now.meetings[0]!.agenda : undefined;
      });
      expect(reviewed).toMatchObject([{ title: 'Fas II: Välja åtgärder', kind: 'review', source: 'cycle' }]);
      const steering = await eventually(async () => {
        const now = await series('styrgrupp');
        return now.meetings.some((m) => m.agenda.length) ? now : undefined;
      });
      expect(hosts(steering.meetings)).toEqual(['lansstyrelsen', 'lansstyrelsen', 'lansstyrelsen', 'lansstyrelsen']);
      expect(byDate(steering, '2027-05-27').agenda).toMatchObject([{ title: 'Årets prioriterade åtgärder', kind: 'decision' }]);
      const decision = await eventually(
        async () => (await sim.db.select().from(t.decisions).where(eq(t.decisions.stepKey, 'prioriteringsbeslut')))[0],
      );
      expect(wall(decision.dueAt)).toBe('2027-05-27 15:00');

      // ── The coordinator swaps February's and April's hosts, and skips Polisen in March.
      const [jan, feb, mar, apr] = s.meetings;
      await call('POST', '/api/meetings/samordningsgrupp/swap', {
        a: feb!.id,
        b: apr!.id,
        reason: 'Region Stockholm har lokal i februari',
        actor: coordinator,
      });
      const skipped = await call('POST', `/api/meetings/samordningsgrupp/${mar!.id}/skip`, {
        organisation: 'polisen',
        reason: 'Polisen flyttar sina lokaler i mars',
        actor: coordinator,
      });
      expect(skipped.skips).toMatchObject([{ org: 'polisen', reason: 'Polisen flyttar sina lokaler i mars' }]);
      s = await series();
      expect(hosts(s.meetings.slice(0, 7))).toEqual([
        'kriminalvarden',
        'region-stockholm',
        'stockholms-stad',
        'lansstyrelsen',
        'polisen',
        'storsthlm',
        'aklagarmyndigheten',
      ]);
      expect(s.meetings[1]!.hostPinned).toBe(true);
      // August (round one) and September (round two): Åklagarmyndigheten or Kriminalvården would host twice in a round.
      const across = await injectAs(sim.app, {
        method: 'POST',
        url: '/api/meetings/samordningsgrupp/swap',
        payload: { a: s.meetings[6]!.id, b: s.meetings[7]!.id, reason: 'Prova', actor: coordinator },
      });
      expect(across.statusCode).toBe(409);
      expect(across.json().message).toMatch(/Mötena hör till olika varv i rotationen: .+ skulle vara värd två gånger/);
      const noReason = await injectAs(sim.app, {
        method: 'POST',
        url: `/api/meetings/samordningsgrupp/${mar!.id}/skip`,
        payload: { organisation: 'polisen', actor: coordinator },
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().issues).toMatchObject([{ field: 'reason' }]);
      const notCoordinator = await injectAs(sim.app, {
        method: 'POST',
        url: '/api/meetings/samordningsgrupp/swap',
        payload: { a: feb!.id, b: apr!.id, reason: 'x', actor: seat('samordningsgrupp/polisen') },
      });
      expect(notCoordinator.statusCode).toBe(403);

      // A member proposes an item for February's agenda.
      const proposed = await call('POST', `/api/meetings/samordningsgrupp/${feb!.id}/agenda`, {
        title: 'Kampanjen om ungas parrelationer',
        actor: seat('samordningsgrupp/polisen'),
      });
      expect(proposed.agenda).toMatchObject([{ title: 'Kampanjen om ungas parrelationer', source: 'member' }]);

      // ── January: notice 21 days before, host reminder 14 days before, minutes written and published.
      await sim.until('2027-01-14 10:00');
      const janMails = await mailsOf(jan!.id);
      const janNotices = janMails.filter((m) => m.kind === 'meeting_notice');
      expect(janNotices).toHaveLength(8);
      expect(new Set(janNotices.map((m) => m.at))).toEqual(new Set(['2026-12-22 08:00']));
      expect(janMails.filter((m) => m.kind === 'meeting_host_reminder').map((m) => [m.to, m.at])).toEqual([
        ['mikael.aberg@kriminalvarden.example.org', '2026-12-29 08:00'],
      ]);
      expect(janNotices[0]!.subject).toBe('Kallelse: Samordningsgrupp tisdag 12 januari 2027 kl. 09:00–12:00');
      const janInvite = event(janNotices[0]!.ics!);
      expect(wall(janInvite.start)).toBe('2027-01-12 09:00');
      const caughtInvite = sim.smtp.messages.find((m) => m.subject === janNotices[0]!.subject);
      expect(caughtInvite?.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.contentType).toMatch(/text\/calendar/);

      const [janMinutes] = await sim.db
        .select()
        .from(t.tasks)
        .where(eq(t.tasks.workflowId, `task/${SERIES}/1/minutes`));
      expect(janMinutes).toMatchObject({ status: 'open', title: 'Minnesanteckningar: Samordningsgrupp 2027-01-12' });
      expect(wall(janMinutes!.dueAt)).toBe('2027-01-19 23:59');
      await call('POST', `/api/tasks/${janMinutes!.id}/complete`, {
        report: 'Fasgenomgång gjord. Kampanjen startar i mars.',
        actor: seat('samordningsgrupp/kriminalvarden'),
      });
      const published = await eventually(async () => {
        const rows = (await mailsOf(jan!.id)).filter((m) => m.kind === 'meeting_minutes');
        return rows.length === 8 ? rows : undefined;
      });
      expect(published[0]!.subject).toBe('Minnesanteckningar: Samordningsgrupp tisdag 12 januari 2027 kl. 09:00–12:00');
      const withMinutes = await eventually(async () => {
        const m = (await call('GET', `/api/meetings/samordningsgrupp/${jan!.id}`)) as MeetingJson;
        return m.minutes ? m : undefined;
      });
      expect(withMinutes.minutes).toBe('Fasgenomgång gjord. Kampanjen startar i mars.');
      // Minutes are the body's own: a member of another body sees the meeting, not what was minuted.
      const outsider = seat('styrgrupp/polisen');
      const asOutsider = await injectAs(sim.app, { method: 'GET', url: `/api/meetings/samordningsgrupp/${jan!.id}` }, outsider);
      expect(asOutsider.json()).toMatchObject({ id: jan!.id, minutes: null });
      const page = await injectAs(sim.app, { method: 'GET', url: `/meetings/samordningsgrupp/${jan!.id}` }, outsider);
      expect(page.body).not.toContain('Kampanjen startar i mars');
      expect(page.body).toContain('Minnesanteckningarna är skrivna och visas för organets ledamöter.');

      // ── February: Region Stockholm hosts and never writes minutes: reminded, overdue, escalated.
      await sim.until('2027-02-20 10:00');
      expect(await taskMails(`task/${SERIES}/2/minutes`)).toEqual([
        ['task', 'anna.bjork@region-stockholm.example.org', '2027-02-09 12:00'],
        ['reminder', 'anna.bjork@region-stockholm.example.org', '2027-02-14 08:00'],
        ['escalation', 'ulrika.strand@lansstyrelsen.example.org', '2027-02-19 08:00'],
      ]);
      const febMails = await mailsOf(feb!.id);
      expect(febMails.filter((m) => m.kind === 'meeting_host_reminder').map((m) => [m.to, m.at])).toEqual([
        ['anna.bjork@region-stockholm.example.org', '2027-01-26 08:00'],
      ]);

      // ── March's notice went out on 16 February; the meeting moves past the change to summer time.
      const marchNotice = (await mailsOf(mar!.id)).find((m) => m.kind === 'meeting_notice')!;
      expect(marchNotice.at).toBe('2027-02-16 08:00');
      const moved = await call('POST', `/api/meetings/samordningsgrupp/${mar!.id}/move`, {
        startsAt: '2027-03-30T09:00:00+02:00',
        reason: 'Krockar med länets konferens',
        actor: coordinator,
      });
      expect(moved).toMatchObject({ sequence: 1, startsAt: '2027-03-30T07:00:00.000Z', endsAt: '2027-03-30T10:00:00.000Z' });
      const update = await eventually(async () => (await mailsOf(mar!.id)).find((m) => m.kind === 'meeting_update'));
      expect(update.subject).toBe('Ändrad kallelse: Samordningsgrupp tisdag 30 mars 2027 kl. 09:00–12:00');
      const [before, after] = [event(marchNotice.ics!), event(update.ics!)];
      expect(after.uid).toBe(before.uid);
      expect([Number(before.sequence), Number(after.sequence)]).toEqual([0, 1]);
      expect([wall(before.start), wall(after.start)]).toEqual(['2027-03-09 09:00', '2027-03-30 09:00']);
      expect(after.start.toISOString()).toBe('2027-03-30T07:00:00.000Z');

      // ── Migrationsverket joins the collaboration in May with a seat in the samordningsgrupp.
      await sim.until('2027-05-01 09:00');
      const [migration] = await sim.db
        .update(t.organisations)
        .set({ participation: 'party', joinedOn: '2027-05-01' })
        .where(eq(t.organisations.slug, 'migrationsverket'))
        .returning();
      const [body] = await sim.db.select().from(t.bodies).where(eq(t.bodies.slug, 'samordningsgrupp'));
      const [newSeat] = await sim.db
        .insert(t.seats)
        .values({
          slug: 'samordningsgrupp/migrationsverket',
          bodyId: body!.id,
          organisationId: migration!.id,
          title: 'Ledamot i samordningsgruppen',
          mandate: 'member',
        })
        .returning();
      await sim.db
        .insert(t.holders)
        .values({ seatId: newSeat!.id, name: 'Karl Nordin', email: 'karl.nordin@migrationsverket.example.org', validFrom: '2027-05-01' });

      // ── September's notice went out; October is cancelled after its notice.
      await sim.until('2027-09-25 10:00');
      s = await series();
      const oct = byDate(s, '2027-10-12');
      expect((await mailsOf(oct.id)).some((m) => m.kind === 'meeting_notice')).toBe(true);
      await call('POST', `/api/meetings/samordningsgrupp/${oct.id}/cancel`, { reason: 'För få kan delta', actor: coordinator });
      const cancellation = await eventually(async () => (await mailsOf(oct.id)).find((m) => m.kind === 'meeting_cancelled'));
      expect(cancellation.ics).toMatch(/^METHOD:CANCEL\r?$/m);
      expect(event(cancellation.ics!)).toMatchObject({ status: 'CANCELLED', uid: `meeting-${oct.id}@arshjul` });
      expect(Number(event(cancellation.ics!).sequence)).toBe(1);

      // ── On to the end of 2028.
      await sim.until('2028-12-20 10:00');
      s = await series();
      const held = s.meetings.filter((m) => m.status === 'held');
      expect(held).toHaveLength(21);
      const members: Member[] = [...order.map((org) => ({ org })), { org: 'migrationsverket', from: '2027-05-01' }];
      expect(
        isFair(
          members,
          held.map((m) => ({ host: m.host?.slug ?? null, date: wall(m.startsAt).slice(0, 10) })),
        ),
      ).toBe(true);
      expect(s.rotation.order.map((o) => o.slug)).toEqual([...order, 'migrationsverket']);
      // Migrationsverket got its turn in the round it joined, after Åklagarmyndigheten.
      expect(hosts(held.slice(5, 8))).toEqual(['storsthlm', 'aklagarmyndigheten', 'migrationsverket']);
      // The round that began in 2027 runs on into 2028 where it left off.
      const y2027 = held.filter((m) => m.startsAt < '2027-12-31');
      const y2028 = held.filter((m) => m.startsAt > '2027-12-31');
      expect(y2027).toHaveLength(10);
      expect(y2028).toHaveLength(11);
      expect(hosts(y2027.slice(8))).toEqual(['kriminalvarden', 'lansstyrelsen']);
      expect(hosts(y2028.slice(0, 2))).toEqual(['polisen', 'region-stockholm']);

      // Continued as new at the turn of the year, carrying the rotation.
      const history = await sim.env.client.workflow.getHandle(SERIES).fetchHistory();
      expect(history.events![0]!.workflowExecutionStartedEventAttributes!.continuedExecutionRunId).toBeTruthy();
      const htmlPage = await injectAs(sim.app, { method: 'GET', url: '/meetings/samordningsgrupp' });
      expect(htmlPage.statusCode).toBe(200);
      expect(htmlPage.body).toContain('Rotationsordning');
      const coming = s.meetings.find((m) => m.status === 'planned')!;
      const detail = await injectAs(
        sim.app,
        { method: 'GET', url: `/meetings/samordningsgrupp/${coming.id}?lang=en` },
        seat('samordningsgrupp/polisen'),
      );
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('Propose an agenda item');
      const posted = await injectAs(
        sim.app,
        {
          method: 'POST',
          url: `/meetings/samordningsgrupp/${coming.id}/agenda`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'title=Rapport%20fr%C3%A5n%20arbetsgruppen&seat=samordningsgrupp%2Fpolisen',
        },
        seat('samordningsgrupp/polisen'),
      );
      expect(posted.statusCode, posted.body).toBe(303);
      expect(((await call('GET', `/api/meetings/samordningsgrupp/${coming.id}`)) as MeetingJson).agenda.map((a) => a.title)).toContain(
        'Rapport från arbetsgruppen',
      );
      expect(htmlPage.body).toContain(
        `Nästa värd: <strong>${s.nextHost ? s.rotation.order.find((o) => o.slug === s.nextHost!.slug)!.name : ''}</strong>`,
      );
    },
  );
});
