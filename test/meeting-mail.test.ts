import { describe, expect, it } from 'vitest';
import ical from 'node-ical';
import type { Notice } from '../core/notice';
import { renderMeetingNotice, type MeetingDetail } from '../activities/meeting-mail';
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
const render = (kind: Notice['kind'], d: MeetingDetail, locale: 'sv' | 'en' = 'sv') =>
  renderMeetingNotice(notice(kind, d), locale, sara, 'http://localhost:3000', 'arshjul@example.org');

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
    const moved = detail({ sequence: 1, startsAt: '2027-04-13T07:00:00.000Z', endsAt: '2027-04-13T10:00:00.000Z', reason: 'Krockar med länets konferens' });
    const mail = render('meeting_update', moved);
    expect(mail.subject).toBe('Ändrad kallelse: Samordningsgrupp tisdag 13 april 2027 kl. 09:00–12:00');
    expect(mail.text).toContain('Skäl: Krockar med länets konferens');
    const event = parse(mail.ics!);
    expect(event.uid).toBe(`meeting-${meetingId}@arshjul`);
    expect(Number(event.sequence)).toBe(1);
    expect(event.start.toISOString()).toBe('2027-04-13T07:00:00.000Z');
    expect(wall(event.start)).toBe('2027-04-13 09:00');
    // And back to winter time after the last Sunday of October.
    const november = parse(render('meeting_update', detail({ sequence: 2, startsAt: '2027-11-09T08:00:00.000Z', endsAt: '2027-11-09T11:00:00.000Z' })).ics!);
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
});
