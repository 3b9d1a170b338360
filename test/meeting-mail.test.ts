import { describe, expect, it } from 'vitest';
import ical from 'node-ical';
import type { Notice } from '../core/notice';
import { renderMeetingNotice, type MeetingDetail, type ShownMeetingDetail } from '../activities/meeting-mail';
import { agendaAsOf, cycleOfItem, type AgendaFacts } from '../core/meetings';
import { wall } from './support/wall';

const meetingId = '6f1c2a9e-3b1d-4c55-9a51-0d2f3c4b5a6e';
const detail = (over: Partial<MeetingDetail> = {}): MeetingDetail => ({
  meetingId,
  bodySlug: 'samordningsgrupp',
  bodyName: 'Samordningsgrupp',
  sequence: 0,
  // Tuesday 9 March 2027, 09:00–12:00 Stockholm: winter time, UTC+1.
  startsAt: '2027-03-09T08:00:00.000Z',
  endsAt: '2027-03-09T11:00:00.000Z',
  host: 'Polisen',
  location: '',
  agenda: [{ title: 'Fas I: Analysera', kind: 'review' }, { title: 'Kampanjen om ungas parrelationer' }],
  ...over,
});
const notice = (kind: Notice['kind'], d: MeetingDetail, at = '2027-02-09T07:00:00.000Z'): Notice => ({
  key: `meetings/samordningsgrupp:${kind}:${d.sequence}`,
  kind,
  seatIds: ['s'],
  at,
  target: { kind: 'meeting', id: meetingId },
  title: d.bodyName,
  detail: d as unknown as Record<string, unknown>,
});
const sara = { name: 'Sara Lindgren', email: 'sara.lindgren@polisen.example.org' };
const render = (kind: Notice['kind'], d: MeetingDetail, locale: 'sv' | 'en' = 'sv', personal?: string, shown?: ShownMeetingDetail) =>
  renderMeetingNotice(notice(kind, d), locale, sara, 'http://localhost:3000', 'arshjul@example.org', personal, shown);

function parse(ics: string) {
  const events = Object.values(ical.sync.parseICS(ics)).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('meeting mail', () => {
  it('invites with a subject that says what and when, text and HTML, and an .ics at the right Stockholm time', () => {
    const mail = render('meeting_notice', detail());
    expect(mail.subject).toBe('Kallelse: Samordningsgrupp tisdag 9 mars 2027 kl. 09:00–12:00');
    expect(mail.text).toContain('Du kallas till möte. Polisen är värd.');
    expect(mail.text).toContain('Var: meddelas av värden');
    expect(mail.text).toContain('1. Fasgenomgång: Fas I: Analysera');
    expect(mail.text).toContain(`http://localhost:3000/meetings/samordningsgrupp/${meetingId}`);
    expect(mail.html).toContain('<html lang="sv">');
    expect(mail.html).toContain('<li>Kampanjen om ungas parrelationer</li>');
    expect(mail.ics).toMatch(/^METHOD:REQUEST\r?$/m);
    const event = parse(mail.ics!);
    expect(event.uid).toBe(`meeting-${meetingId}@arshjul`);
    expect(Number(event.sequence)).toBe(0);
    expect(event.start.toISOString()).toBe('2027-03-09T08:00:00.000Z');
    expect(wall(event.start)).toBe('2027-03-09 09:00');
    expect(wall(event.end)).toBe('2027-03-09 12:00');
    expect(event.summary).toBe('Möte: Samordningsgrupp');
    expect(event.organizer).toBeTruthy();
  });

  it('sends a move across the change to summer time as an update: same UID, higher SEQUENCE, still 09:00 in Stockholm', () => {
    // Tuesday 13 April 2027, after clocks went forward on 28 March: UTC+2.
    const moved = detail({
      sequence: 1,
      startsAt: '2027-04-13T07:00:00.000Z',
      endsAt: '2027-04-13T10:00:00.000Z',
      reason: 'Krockar med länets konferens',
    });
    const mail = render('meeting_update', moved);
    expect(mail.subject).toBe('Ändrad kallelse: Samordningsgrupp tisdag 13 april 2027 kl. 09:00–12:00');
    expect(mail.text).toContain('Skäl: Krockar med länets konferens');
    const event = parse(mail.ics!);
    expect(event.uid).toBe(`meeting-${meetingId}@arshjul`);
    expect(Number(event.sequence)).toBe(1);
    expect(event.start.toISOString()).toBe('2027-04-13T07:00:00.000Z');
    expect(wall(event.start)).toBe('2027-04-13 09:00');
    // And back to winter time after the last Sunday of October.
    const november = parse(
      render('meeting_update', detail({ sequence: 2, startsAt: '2027-11-09T08:00:00.000Z', endsAt: '2027-11-09T11:00:00.000Z' })).ics!,
    );
    expect(wall(november.start)).toBe('2027-11-09 09:00');
    expect(Number(november.sequence)).toBe(2);
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const mail = render('meeting_cancelled', detail({ sequence: 3, reason: 'För få kan delta' }));
    expect(mail.subject).toBe('Inställt möte: Samordningsgrupp tisdag 9 mars 2027 kl. 09:00–12:00');
    expect(mail.text).not.toContain('Dagordning');
    expect(mail.ics).toMatch(/^METHOD:CANCEL\r?$/m);
    const event = parse(mail.ics!);
    expect(event.uid).toBe(`meeting-${meetingId}@arshjul`);
    expect(Number(event.sequence)).toBe(3);
    expect(event.status).toBe('CANCELLED');
  });

  it('reminds the host to book a room and send the agenda, without an invite; publishes minutes', () => {
    const reminder = render('meeting_host_reminder', detail());
    expect(reminder.subject).toBe('Ni är värd: Samordningsgrupp tisdag 9 mars 2027 kl. 09:00–12:00. Boka lokal och skicka dagordningen');
    expect(reminder.text).toContain('Boka lokal');
    expect(reminder.ics).toBeUndefined();
    const minutes = render('meeting_minutes', detail({ minutes: 'Beslut: prioritera 3.2.' }));
    expect(minutes.subject).toBe('Minnesanteckningar: Samordningsgrupp tisdag 9 mars 2027 kl. 09:00–12:00');
    expect(minutes.text).toContain('Minnesanteckningar:\nBeslut: prioritera 3.2.');
    expect(minutes.ics).toBeUndefined();
  });

  it('writes in English to a holder who reads English', () => {
    const mail = render('meeting_notice', detail({ location: 'Polishuset, Kungsholmsgatan 43' }), 'en');
    expect(mail.subject).toBe('Notice of meeting: Samordningsgrupp Tuesday, 9 March 2027, 09:00–12:00');
    expect(mail.text).toContain('Where: Polishuset, Kungsholmsgatan 43');
    expect(mail.html).toContain('<html lang="en">');
    expect(parse(mail.ics!).location).toBe('Polishuset, Kungsholmsgatan 43');
  });

  const personal = 'http://localhost:3000/l/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';

  it("carries the reader's personal link as its button, and the invite only the meeting page's address", () => {
    const mail = render('meeting_host_reminder', detail(), 'sv', personal);
    expect(mail.text).toContain(`Öppna mötet: ${personal}`);
    expect(mail.html).toContain(`href="${personal}"`);
    expect(mail.text).toContain('Knappen är din personliga länk till mötet');
    const invite = render('meeting_notice', detail(), 'sv', personal).ics!;
    expect(invite).not.toContain('/l/');
    expect(parse(invite).url).toMatchObject({ val: `http://localhost:3000/meetings/samordningsgrupp/${meetingId}` });
  });

  it('names the cycle and year of the items a cycle put on the agenda', () => {
    const shown = {
      ...detail(),
      agenda: [{ title: 'Fas II: Välja åtgärder', kind: 'review' as const, cycle: 'Operation Kvinnofrids årshjul 2027' }],
    };
    const mail = render('meeting_notice', detail(), 'sv', personal, shown);
    expect(mail.text).toContain('1. Fasgenomgång: Fas II: Välja åtgärder – Operation Kvinnofrids årshjul 2027');
    expect(render('meeting_notice', detail(), 'en', personal, shown).text).toContain(
      '1. Phase review: Fas II: Välja åtgärder – Operation Kvinnofrids årshjul 2027',
    );
  });
});

describe('agendas as the records stand', () => {
  const key = 'decision/kvinnofrid-arshjul/2027/prioriteringsbeslut';
  const item = { title: 'Årets prioriterade åtgärder', kind: 'decision' as const, key };
  const closed = (at: string, outcome: string | null = 'approved'): Map<string, AgendaFacts> =>
    new Map([[key, { cycle: 'Operation Kvinnofrids årshjul 2027', decided: { outcome, at: new Date(at) } }]]);

  it("finds an item's cycle from its key, for decisions of any round and phase reviews", () => {
    expect(cycleOfItem(`${key}/r2`)).toBe('cycle/kvinnofrid-arshjul/2027');
    expect(cycleOfItem('cycle/kvinnofrid-arshjul/2027/valja-atgarder')).toBe('cycle/kvinnofrid-arshjul/2027');
    expect(cycleOfItem('a member item')).toBeUndefined();
  });

  it('leaves a decision taken before the meeting off its agenda', () => {
    expect(agendaAsOf([item], new Date('2027-05-27T11:00:00Z'), closed('2027-05-20T10:00:00Z'))).toEqual([]);
  });

  it('shows a decision taken at the meeting as decided, with its outcome', () => {
    const [shown] = agendaAsOf([item], new Date('2027-05-27T11:00:00Z'), closed('2027-05-27T12:30:00Z'));
    expect(render('meeting_minutes', detail(), 'sv', undefined, { ...detail(), agenda: [shown!] }).text).toContain(
      '1. Beslut: Årets prioriterade åtgärder – Operation Kvinnofrids årshjul 2027 (beslutat: godkänt)',
    );
  });

  it('keeps items the records know nothing of as they are', () => {
    const member: { title: string; kind?: 'decision' | 'review'; key?: string } = { title: 'Kampanjen om ungas parrelationer' };
    expect(agendaAsOf([member, item], new Date('2027-05-27T11:00:00Z'), new Map())).toEqual([member, item]);
  });
});
