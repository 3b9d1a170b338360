import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import * as t from '../db/schema';
import { writeNotice } from '../activities/notices';
import { feedToken } from '../api/feeds';
import { csrfOfPage, eventually, injectAs, sessionCookieFor } from './support/app';
import { meetingSeriesCycle } from './support/definitions';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { wall } from './support/wall';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const CYCLE = 'Mötesserier och beslut vid möte 2027';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

interface MeetingJson {
  id: string;
  startsAt: string;
  host: { slug: string } | null;
  location: string;
  agenda: { title: string; kind?: string; cycle?: string; decided?: { outcome: string | null } }[];
}

/**
 * Meetings carry the cycle's work: the host enters the room on the meeting page or through the
 * personal link in their mail, agenda items name their cycle and year, and a decision taken
 * before its meeting is off that meeting's agenda. On the time-skipping server with real SMTP.
 */
describe('meetings carry the work', () => {
  let sim: MailSimulation;
  let january: MeetingJson;
  let may: MeetingJson;

  const meetings = async (body: string) =>
    (await injectAs(sim.app, { method: 'GET', url: `/api/meetings/${body}` })).json().meetings as MeetingJson[];
  const page = (path: string, as: { kind: string; seat?: string }) => injectAs(sim.app, { method: 'GET', url: path }, as);
  const postRoom = (meeting: MeetingJson, payload: string, as: { kind: string; seat?: string }) =>
    injectAs(sim.app, { method: 'POST', url: `/meetings/samordningsgrupp/${meeting.id}/location`, headers: form, payload }, as);
  const emailOf = async (seatSlug: string) =>
    (
      await sim.db
        .select({ email: t.holders.email })
        .from(t.holders)
        .innerJoin(t.seats, eq(t.seats.id, t.holders.seatId))
        .where(eq(t.seats.slug, seatSlug))
    )[0]!.email;
  /** The personal link in the caught mail of a kind to a seat's holder. */
  const linkIn = async (subject: RegExp, seatSlug: string) => {
    const to = await emailOf(seatSlug);
    const mail = await eventually(async () =>
      sim.smtp.messages.find((m) => subject.test(m.subject ?? '') && m.to && JSON.stringify(m.to).includes(to)),
    );
    return /\/l\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')![0];
  };

  beforeAll(async () => {
    sim = await simulateWithMail();
    expect(
      (
        await injectAs(sim.app, {
          method: 'POST',
          url: '/api/definitions',
          payload: { definition: meetingSeriesCycle, actor: coordinator },
        })
      ).statusCode,
    ).toBe(201);
    await sim.until('2026-12-01 09:00');
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'motesserier', year: 2027, actor: coordinator },
    });
    expect(started.statusCode, started.body).toBe(201);
    [january, may] = await eventually(async () => {
      const [coordination, steering] = await Promise.all([meetings('samordningsgrupp'), meetings('styrgrupp')]);
      const first = coordination?.[0];
      const decided = steering?.find((m) => m.agenda.length);
      return first?.agenda.length && decided ? [first, decided] : undefined;
    });
  }, 120_000);
  afterAll(async () => sim?.stop());

  it('names the cycle and year of the items a cycle puts on an agenda', async () => {
    expect(january.agenda).toMatchObject([{ kind: 'review', title: 'Fas II: Välja åtgärder', cycle: CYCLE }]);
    const res = await page(`/meetings/samordningsgrupp/${january.id}`, seat('samordningsgrupp/polisen'));
    expect(res.body).toContain(`Fasgenomgång: Fas II: Välja åtgärder – ${CYCLE}`);
  });

  it("the body's calendar feed names the cycle of the items on its meetings", async () => {
    const [body] = await sim.db.select().from(t.bodies).where(eq(t.bodies.slug, 'samordningsgrupp'));
    const res = await sim.app.inject({
      method: 'GET',
      url: `/cal/body/samordningsgrupp.ics?token=${feedToken(sim.app.deps.config.secret!, 'body', body!.id, 0)}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.replace(/\r\n[ \t]/g, '')).toContain(`Fasgenomgång: Fas II: Välja åtgärder – ${CYCLE}`);
  });

  it('the host enters the room on the meeting page, and every member sees it there', async () => {
    expect(january.host?.slug).toBe('kriminalvarden');
    const host = seat('samordningsgrupp/kriminalvarden');
    expect((await page(`/meetings/samordningsgrupp/${january.id}`, host)).body).toContain('Spara lokalen');
    const res = await postRoom(january, 'location=Kriminalv%C3%A5rden%2C%20Slottsbacken%206&seat=samordningsgrupp%2Fkriminalvarden', host);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toContain('done=located');
    expect((await page(String(res.headers.location), host)).body).toContain('Lokalen är sparad.');
    const member = await page(`/meetings/samordningsgrupp/${january.id}`, seat('samordningsgrupp/polisen'));
    expect(member.body).toContain('Kriminalvården, Slottsbacken 6');
    expect((await meetings('samordningsgrupp'))[0]!.location).toBe('Kriminalvården, Slottsbacken 6');
  });

  it('a member who does not host gets no room form, and is refused', async () => {
    const member = seat('samordningsgrupp/polisen');
    expect((await page(`/meetings/samordningsgrupp/${january.id}`, member)).body).not.toContain('Spara lokalen');
    const res = await postRoom(january, 'location=Polishuset&seat=samordningsgrupp%2Fpolisen', member);
    expect(res.statusCode).toBe(403);
    expect(res.body, res.body).toContain('Bara värden eller samordningskoordinatorn får göra detta');
  });

  it('refuses an empty room and names the field in Swedish', async () => {
    const res = await postRoom(january, 'location=%20%20&seat=samordningsgrupp%2Fkriminalvarden', seat('samordningsgrupp/kriminalvarden'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Lokal och adress: skriv var mötet hålls');
    expect(res.body).toContain('aria-invalid="true"');
  });

  it("a meeting notice carries the member's personal link, which shows the meeting and keeps working", async () => {
    await sim.until('2026-12-22 09:00');
    const link = await linkIn(/^Kallelse: Samordningsgrupp tisdag 12 januari 2027/, 'samordningsgrupp/polisen');
    for (let i = 0; i < 2; i++) {
      const res = await sim.app.inject({ method: 'GET', url: link });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Samordningsgrupp: tisdag 12 januari 2027');
      expect(res.body).toContain('Kriminalvården, Slottsbacken 6');
      expect(res.body).toContain(`Fasgenomgång: Fas II: Välja åtgärder – ${CYCLE}`);
      expect(res.body).not.toContain('Spara lokalen');
    }
    const [token] = await sim.db
      .select()
      .from(t.linkTokens)
      .where(and(eq(t.linkTokens.action, 'meeting'), eq(t.linkTokens.targetId, january.id)))
      .limit(1);
    expect(token!.usedAt).toBeNull();
    expect(wall(token!.expiresAt)).toBe('2027-02-11 12:00');
  });

  it("the host's reminder links to a page where the host corrects the room", async () => {
    await sim.until('2026-12-29 09:00');
    const link = await linkIn(/^Ni är värd: Samordningsgrupp tisdag 12 januari 2027/, 'samordningsgrupp/kriminalvarden');
    const shown = await sim.app.inject({ method: 'GET', url: link });
    expect(shown.body).toContain('Spara lokalen');
    const csrf = csrfOfPage(shown);
    const res = await sim.app.inject({
      method: 'POST',
      url: link,
      headers: { ...form, cookie: csrf.cookie },
      payload: `_csrf=${encodeURIComponent(csrf.token)}&location=${encodeURIComponent('Kriminalvården, sal 3')}`,
    });
    expect(res.statusCode, res.body).toBe(303);
    expect((await meetings('samordningsgrupp'))[0]!.location).toBe('Kriminalvården, sal 3');
    // The link still works after it was used, and the members got an updated notice.
    expect((await sim.app.inject({ method: 'GET', url: link })).body).toContain('Kriminalvården, sal 3');
    await eventually(async () =>
      sim.smtp.messages.find((m) => m.subject?.startsWith('Ändrad kallelse: Samordningsgrupp tisdag 12 januari 2027')),
    );
  });

  it("the host's link opened by someone else signed in asks first, and without the confirmation changes nothing", async () => {
    const link = await linkIn(/^Ni är värd: Samordningsgrupp tisdag 12 januari 2027/, 'samordningsgrupp/kriminalvarden');
    const other = await sessionCookieFor(sim.app, 'samordningsgrupp/polisen');
    const cookie = `${other.name}=${other.value}`;
    const shown = await sim.app.inject({ method: 'GET', url: link, headers: { cookie } });
    expect(shown.body).toContain('Jag handlar för Mikael Åberg');
    const csrf = csrfOfPage(shown);
    const before = (await meetings('samordningsgrupp'))[0]!.location;
    const res = await sim.app.inject({
      method: 'POST',
      url: link,
      headers: { ...form, cookie: `${cookie}; ${csrf.cookie}` },
      payload: `_csrf=${encodeURIComponent(csrf.token)}&location=Polishuset`,
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Bekräfta att du handlar för Mikael Åberg');
    expect((await meetings('samordningsgrupp'))[0]!.location).toBe(before);
  });

  it('a decision taken before its meeting is off that meeting’s agenda', async () => {
    expect(may.agenda).toMatchObject([{ kind: 'decision', title: 'Årets prioriterade åtgärder', cycle: CYCLE }]);
    const [decision] = await sim.db.select().from(t.decisions).where(eq(t.decisions.stepKey, 'prioriteringsbeslut'));
    const voters = await sim.db.select({ slug: t.seats.slug }).from(t.seats).where(inArray(t.seats.id, decision!.voterSeatIds));
    for (const v of voters.slice(0, Math.floor(voters.length / 2) + 1)) {
      const res = await injectAs(sim.app, {
        method: 'POST',
        url: `/api/decisions/${decision!.id}/votes`,
        payload: { choice: 'approve', actor: seat(v.slug) },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const after = await eventually(async () => {
      const m = (await meetings('styrgrupp')).find((x) => x.id === may.id)!;
      return m.agenda.length === 0 ? m : undefined;
    });
    expect(after.agenda).toEqual([]);
    expect((await page(`/meetings/styrgrupp/${may.id}`, coordinator)).body).not.toContain('Årets prioriterade åtgärder');
  });

  it('the mail of a later meeting leaves the decided item out', async () => {
    await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.decisions)
            .where(and(eq(t.decisions.stepKey, 'prioriteringsbeslut'), eq(t.decisions.status, 'closed')))
        )[0],
    );
    const [seatRow] = await sim.db.select().from(t.seats).where(eq(t.seats.slug, 'styrgrupp/polisen'));
    const [decision] = await sim.db.select().from(t.decisions).where(eq(t.decisions.stepKey, 'prioriteringsbeslut'));
    const detail = {
      meetingId: may.id,
      bodySlug: 'styrgrupp',
      bodyName: 'Styrgrupp',
      sequence: 0,
      startsAt: may.startsAt,
      endsAt: may.startsAt,
      host: 'Länsstyrelsen',
      location: '',
      agenda: [
        { title: 'Årets prioriterade åtgärder', kind: 'decision', key: decision!.workflowId },
        { title: 'Kampanjen om ungas parrelationer' },
      ],
    };
    const key = `test/${may.id}:notice`;
    await writeNotice(sim.db, 'http://localhost:3000', {
      key,
      kind: 'meeting_notice',
      seatIds: [seatRow!.id],
      at: new Date().toISOString(),
      target: { kind: 'meeting', id: may.id },
      title: 'Styrgrupp',
      detail,
    });
    const [mail] = await sim.db
      .select()
      .from(t.mailOutbox)
      .where(eq(t.mailOutbox.key, `${key}:${seatRow!.id}`));
    expect(mail!.text).toContain('1. Kampanjen om ungas parrelationer');
    expect(mail!.text).not.toContain('Årets prioriterade åtgärder');
  });
});
