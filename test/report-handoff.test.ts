import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { findSeat } from '../db/queries/directory';
import { newToken } from '../db/queries/links';
import { storeLink } from '../activities/notices';
import { frozenVersionNumber } from '../api/plugins/errors';
import type { CaughtMail } from './support/smtp';
import { csrfOfPage, eventually, injectAs, signedInAs } from './support/app';
import {
  approveDecision,
  insertReport,
  insertVersion,
  openWork as openWorkOf,
  receiptToken as receiptTokenOf,
  reportYear,
  sha256,
  SUMMARY,
  type ReportYear,
} from './support/report-handoff';

const KEY = 'kvinnofrid-arshjul';
const coordinator = { kind: 'coordinator' } as const;
const RECIPIENT = 'styrgrupp/lansstyrelsen';
const CORRECTION = 'En rättelse görs som ett nytt utkast, som granskas och godkänns på nytt.';

/**
 * The lägesrapport from a compiled version to Länsstyrelsen, on the Temporal dev server, PostgreSQL
 * and an SMTP server: the coordinator puts Utkast 1 forward, both bodies vote on it seeing it, the
 * styrgrupp's approval approves it, the hand-off freezes it and mails its files, and the receipt
 * link closes the year. Versions are inserted as rows, standing in for compilation.
 */
describe('the lägesrapport approved, frozen and handed off', () => {
  let y: ReportYear;
  let app: FastifyInstance;
  let smtp: CaughtMail;
  let year: number;
  let cycle: string;
  const versionUrl = (n: number) => `/cycles/${KEY}/${year}/report/versions/${n}`;
  let reportId: string;

  beforeAll(async () => {
    y = await reportYear('report-handoff');
    ({ app, smtp, year, cycle } = y);
  }, 60_000);
  afterAll(async () => y?.stop());

  const db = () => y.database.db;
  const openWork = <T>(table: typeof t.tasks | typeof t.decisions, stepKey: string) => openWorkOf<T>(db(), table, cycle, stepKey);
  const version = async (n: number) => {
    const where = and(eq(t.reportVersions.reportId, reportId), eq(t.reportVersions.number, n));
    return (await db().select().from(t.reportVersions).where(where))[0]!;
  };
  /** Länsstyrelsen's seat in the styrgrupp, which the hand-off mails, and its holder. */
  const recipient = async () => {
    const seat = (await findSeat(db(), RECIPIENT))!;
    return { seat, holder: (await db().select().from(t.holders).where(eq(t.holders.seatId, seat.id)))[0]! };
  };
  const page = (url: string, as?: { kind: string; seat?: string }) => injectAs(app, { method: 'GET', url }, as ?? coordinator);
  /** A page form posted by the coordinator's browser: its session, its CSRF token and the fields. */
  const postForm = async (url: string, fields: Record<string, string>) => {
    const { cookie, csrf } = await signedInAs(app);
    const payload = new URLSearchParams({ _csrf: csrf, ...fields }).toString();
    return app.inject({ method: 'POST', url, payload, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  };
  const approve = (decision: t.Decision) => approveDecision(app, decision);

  it('a report task whose report has no compiled version asks for its text, as before', async () => {
    const task = await openWork<t.Task>(t.tasks, 'rapportutkast');
    const res = await page(`/tasks/${task.id}`);
    expect(res.body).toContain('<textarea id="report" name="report" rows="5" required>');
    expect(res.body).not.toContain('till granskning');
  });

  it('offers the compiled versions on the report task, and refuses one that is not compiled', async () => {
    reportId = await insertReport(db(), cycle);
    await insertVersion(db(), { reportId, year, number: 1 });
    await insertVersion(db(), { reportId, year, number: 2, status: 'compiling' });
    const task = await openWork<t.Task>(t.tasks, 'rapportutkast');
    const res = await page(`/tasks/${task.id}`);
    expect(res.body).toContain('<button type="submit" name="version" value="1">Lämna Utkast 1 till granskning</button>');
    expect(res.body).not.toContain('Lämna Utkast 2');
    const refused = await injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      payload: { version: 2, actor: coordinator },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('Utkast 2 kan inte lämnas till granskning');
    expect((await version(2)).submittedTaskId).toBeNull();
    const textOnly = await injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      payload: { report: 'Klart.', actor: coordinator },
    });
    expect(textOnly.statusCode).toBe(400);
    expect(textOnly.json().message).toContain('lämna ett av dem till granskning');
  });

  it('putting Utkast 1 forward completes the task with a text naming it, and the version names the task', async () => {
    const task = await openWork<t.Task>(t.tasks, 'rapportutkast');
    const res = await postForm(`/tasks/${task.id}/complete`, { seat: task.seatId, version: '1', report: '' });
    expect(res.statusCode, res.body).toBe(303);
    const done = await eventually(async () => {
      const [row] = await db().select().from(t.tasks).where(eq(t.tasks.id, task.id));
      return row?.status === 'done' ? row : undefined;
    });
    expect(done.report).toBe('Utkast 1 av Regional lägesrapport');
    expect((await version(1)).submittedTaskId).toBe(task.id);
  });

  const shownOn = (body: string) => {
    expect(body).toContain('Utkast 1 av Regional lägesrapport');
    expect(body).toContain('sammanställt, inte godkänt');
    expect(body).toContain(SUMMARY);
    expect(body).toContain(`href="${versionUrl(1)}?lang=sv"`);
    expect(body).toContain(`href="${versionUrl(1)}/lagesrapport.pdf"`);
    expect(body).toContain(`href="${versionUrl(1)}/lagesrapport.docx"`);
  };

  it("the samordningsgrupp's vote page and the vote link in its mail show the version voted on", async () => {
    const review = await openWork<t.Decision>(t.decisions, 'rapportgranskning');
    const voter = (await db().select().from(t.seats).where(eq(t.seats.id, review.voterSeatIds[0]!)))[0]!;
    shownOn((await page(`/decisions/${review.id}`, { kind: 'seat', seat: voter.slug })).body);
    const [link] = await eventually(async () => {
      const mail = smtp.messages.filter((m) => m.subject?.includes('granskning av lägesrapporten'));
      return mail.length ? mail.map((m) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text!)![1]!) : undefined;
    });
    const linkPage = await app.inject({ method: 'GET', url: `/l/${link}` });
    expect(linkPage.statusCode).toBe(200);
    shownOn(linkPage.body);
  });

  it("the samordningsgrupp's approval lets the draft go on but approves nothing", async () => {
    await approve(await openWork<t.Decision>(t.decisions, 'rapportgranskning'));
    await openWork<t.Decision>(t.decisions, 'rapportbeslut');
    expect((await version(1)).status).toBe('compiled');
  });

  it("the styrgrupp's vote page shows the version, and its approval approves it", async () => {
    const decision = await openWork<t.Decision>(t.decisions, 'rapportbeslut');
    shownOn((await page(`/decisions/${decision.id}`, { kind: 'seat', seat: 'styrgrupp/polisen' })).body);
    const api = await page(`/api/decisions/${decision.id}`, { kind: 'seat', seat: 'styrgrupp/polisen' });
    expect(api.json().shows[0].report).toMatchObject({ number: 1, status: 'compiled', summary: SUMMARY, path: versionUrl(1) });
    await approve(decision);
    const approved = await eventually(async () => {
      const v = await version(1);
      return v.status === 'approved' ? v : undefined;
    });
    expect(approved.approvedByDecisionId).toBe(decision.id);
    expect(approved.approvedAt).toBeInstanceOf(Date);
  });

  it('the hand-off task shows the approved version and refuses to hand off one not approved', async () => {
    const task = await openWork<t.Task>(t.tasks, 'overlamning');
    const res = await page(`/tasks/${task.id}`);
    expect(res.body).toContain('godkänt av styrgruppen');
    expect(res.body).toContain(`action="${versionUrl(1)}/hand-off?lang=sv"`);
    expect(res.body).toContain('Frys och lämna över till Länsstyrelsen');
    const refused = await injectAs(app, { method: 'POST', url: `/api${versionUrl(2)}/hand-off`, payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('Bara ett utkast som styrgruppen har godkänt kan lämnas över');
    expect((await version(2)).status).toBe('compiling');
  });

  it('handing off freezes the version with the SHA-256 of its files and mails both files to Länsstyrelsen', async () => {
    const task = await openWork<t.Task>(t.tasks, 'overlamning');
    const res = await postForm(`${versionUrl(1)}/hand-off`, {});
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/tasks/${task.id}?lang=sv&done=handedOff`);
    const v = await version(1);
    const seat = (await findSeat(db(), RECIPIENT))!;
    expect(v).toMatchObject({ status: 'frozen', pdfSha256: sha256(v.pdf!), docxSha256: sha256(v.docx!), handedOffToSeatId: seat.id });
    expect(v.frozenAt).toBeInstanceOf(Date);
    expect(v.handedOffAt).toBeInstanceOf(Date);
    const mail = await eventually(async () =>
      smtp.messages.find((m) => m.subject?.includes('Utkast 1 till Länsstyrelsens årsredovisning')),
    );
    const files = mail.attachments.map((a) => ({ name: a.filename, sha: sha256(a.content) }));
    expect(files).toEqual([
      { name: `lagesrapport-${year}-utkast-1.pdf`, sha: v.pdfSha256 },
      { name: `lagesrapport-${year}-utkast-1.docx`, sha: v.docxSha256 },
    ]);
    expect(mail.text).toContain(v.pdfSha256!);
    expect(mail.text).toContain(v.docxSha256!);
    // The SMTP server has the mail a moment before the outbox row says so.
    const row = await eventually(async () => {
      const [sent] = await db().select().from(t.mailOutbox).where(eq(t.mailOutbox.attachReportVersionId, v.id));
      return sent?.status === 'sent' ? sent : undefined;
    });
    expect(row.seatId).toBe(seat.id);
  });

  it('refuses any change to the frozen version: a second hand-off with 409, a direct UPDATE in the database', async () => {
    const before = await version(1);
    const again = await injectAs(app, { method: 'POST', url: `/api${versionUrl(1)}/hand-off`, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`Utkast 1 är fryst och överlämnat och kan inte ändras. ${CORRECTION}`);
    const page = await postForm(`${versionUrl(1)}/hand-off`, {});
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain(CORRECTION);
    const update = db()
      .update(t.reportVersions)
      .set({ analysis: { summary: 'Ändrad', overall: '', goals: {} } })
      .where(eq(t.reportVersions.id, before.id));
    const refused = await update.catch((err: unknown) => err);
    expect(refused).toMatchObject({ cause: { code: '42501', message: 'report version 1 is frozen: UPDATE is refused' } });
    // Whichever door's service runs into the trigger, the reader gets the 409 and its sentence.
    expect(frozenVersionNumber(refused)).toBe(1);
    expect(await version(1)).toEqual(before);
    expect(await db().select().from(t.mailOutbox).where(eq(t.mailOutbox.attachReportVersionId, before.id))).toHaveLength(1);
  });

  const receiptToken = () => receiptTokenOf(smtp);
  const nothingReceived = async () => {
    const v = await version(1);
    expect([v.receiptAt, v.receiptByHolderId]).toEqual([null, null]);
  };

  it('refuses a forged or expired receipt link with its page, and nothing changes', async () => {
    const forged = await app.inject({ method: 'GET', url: `/l/${'x'.repeat(43)}` });
    expect(forged.statusCode).toBe(404);
    const v = await version(1);
    const { seat, holder } = await recipient();
    const { token, hash } = newToken();
    const binding = { seatId: seat.id, holderId: holder.id, action: 'receipt' as const, targetKind: 'report_version', targetId: v.id };
    await storeLink(db(), hash, { ...binding, expiresAt: new Date(Date.now() - 60_000) });
    jar = csrfOfPage(await app.inject({ method: 'GET', url: `/l/${await receiptToken()}` }));
    const expired = await app.inject({ method: 'GET', url: `/l/${token}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Be samordningskoordinatorn om en ny överlämning');
    expect(expired.body).not.toContain('/renew');
    const old = newToken();
    await storeLink(db(), old.hash, { ...binding, expiresAt: new Date(Date.now() + 60_000) });
    await db().update(t.linkTokens).set({ supersededAt: new Date() }).where(eq(t.linkTokens.tokenHash, old.hash));
    const superseded = await app.inject({ method: 'GET', url: `/l/${old.token}` });
    expect([superseded.statusCode, superseded.body.includes('Be samordningskoordinatorn bekräfta mottagandet')]).toEqual([410, true]);
    // Its page offers no form: a post with another link's token is refused as forged.
    const posted = await postLink(token, expired);
    expect(posted.statusCode).toBe(403);
    await nothingReceived();
  });

  /** The CSRF token and cookie of the open receipt page, as the recipient's browser keeps them for any page it posts from. */
  let jar: { token: string; cookie: string } | undefined;
  const postLink = (token: string, shown: LightMyRequestResponse) => {
    if (shown.body.includes('name="_csrf"')) jar = csrfOfPage(shown);
    const { token: csrf, cookie } = jar!;
    const payload = new URLSearchParams({ _csrf: csrf }).toString();
    return app.inject({
      method: 'POST',
      url: `/l/${token}`,
      payload,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
  };

  it('the receipt link shows the version; confirming records the receipt and completes the hand-off, closing the year', async () => {
    const token = await receiptToken();
    const shown = await app.inject({ method: 'GET', url: `/l/${token}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Bekräfta mottagandet</button>');
    expect(shown.body).toContain((await version(1)).pdfSha256!);
    await nothingReceived();
    const task = await openWork<t.Task>(t.tasks, 'overlamning');
    const done = await postLink(token, shown);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Mottagandet av Utkast 1 av Regional lägesrapport är bekräftat.');
    const v = await version(1);
    const { holder } = await recipient();
    expect(v.receiptByHolderId).toBe(holder.id);
    expect(v.receiptAt).toBeInstanceOf(Date);
    const audits = await db().select().from(t.auditEvents).where(eq(t.auditEvents.targetId, v.id));
    expect(audits.find((a) => a.action === 'report.receipt')).toMatchObject({ actorKind: 'link', actorHolderId: holder.id, door: 'link' });
    const completed = await eventually(async () => {
      const [row] = await db().select().from(t.tasks).where(eq(t.tasks.id, task.id));
      return row?.status === 'done' ? row : undefined;
    });
    expect(completed.report).toContain(`Mottagandet bekräftat`);
    expect(completed.report).toContain(`${holder.name}`);
    expect(completed.report).toContain('Utkast 1 av Regional lägesrapport');
    await eventually(async () =>
      (await db().select().from(t.cycles).where(eq(t.cycles.id, cycle)))[0]?.status === 'completed' ? true : undefined,
    );
  });

  it('a receipt link used once is refused the second time, and nothing changes', async () => {
    const before = await version(1);
    const token = await receiptToken();
    const shown = await app.inject({ method: 'GET', url: `/l/${token}` });
    expect(shown.statusCode).toBe(409);
    expect(shown.body).toContain('Mottagandet av Utkast 1 av Regional lägesrapport är bekräftat.');
    expect((await postLink(token, shown)).statusCode).toBe(409);
    expect(await version(1)).toEqual(before);
  });
});
