import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { hashToken } from '../db/queries/links';
import { FILLER, SIGNER, draftCopy, fillersForm, postAs, saveDraft, signatureCycle, signerLinks, startCycleOf } from './support/signatures';
import { findSeat } from '../db/queries/directory';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { csrfOfPage, injectAs, signedInAs } from './support/app';
import { htmlErrors } from './support/vnu';

const values = { namn: 'Polisen region Stockholm', plan: 'Utbildning av alla chefer.', samtycke: 'on' };
const COORDINATOR = 'samordningskoordinering/samordningskoordinator';

/**
 * A form awaiting its signature whose link went astray or ran out, on real Temporal, PostgreSQL
 * and SMTP: the filler sends the signer a fresh link and the old one stops working; the signer
 * renews an expired link to their own seat's address and signs through the new one; no other link
 * is renewed.
 */
describe('a signing link sent again or renewed', () => {
  let sim: MailSimulation;
  let formId: string;
  let filler: { cookie: string; csrf: string };

  const row = async (id = formId) => (await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, id)))[0]!;
  const page = (cookie: string, id = formId) => sim.app.inject({ method: 'GET', url: `/forms/${id}`, headers: { cookie } });
  const post = (url: string, form: Record<string, string>, as = filler) => postAs(sim.app, as, url, form);
  const save = (id: string, v: Record<string, string>) => saveDraft(sim.app, filler, id, v);
  const resendApi = (id = formId) =>
    injectAs(sim.app, {
      method: 'POST',
      url: `/api/forms/${id}/signature-resend`,
      payload: { actor: { kind: 'seat', seat: FILLER } },
    });
  /** The signing mails written for a form so far: a refusal writes none. */
  const signingMails = async (id = formId) =>
    (
      await sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.kind, 'signature_request'), eq(t.mailOutbox.targetId, id)))
    ).length;
  const auditRows = async (action: string, id = formId) =>
    sim.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, action), eq(t.auditEvents.targetId, id)));
  /** Lets the simulation's clock pass the minute between two mails to the signer. */
  const aMinuteLater = async () => {
    await sim.env.sleep(61_000);
    await sim.now();
  };

  let newLink: () => Promise<string>;
  const visit = (token: string) => sim.app.inject({ method: 'GET', url: `/l/${token}`, headers: { 'user-agent': 'Mozilla/5.0' } });
  const expire = (token: string) =>
    sim.db
      .update(t.linkTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(t.linkTokens.tokenHash, hashToken(token)));
  /**
   * A link page's form posted as the reader's browser does, with the CSRF cookie the page set; a
   * page without a form (a used link's) is posted to with the token of the last page that had one.
   */
  let browser = { token: '', cookie: '' };
  const answer = async (token: string, path: string, form: Record<string, string> = {}) => {
    const shown = csrfOfPage(await visit(token));
    if (shown.token) browser = shown;
    const { token: csrf, cookie } = browser;
    return sim.app.inject({
      method: 'POST',
      url: `/l/${token}${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'user-agent': 'Mozilla/5.0' },
      payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
  };
  let firstLink: string;

  beforeAll(async () => {
    sim = await simulateWithMail();
    newLink = signerLinks(sim);
    ({ filler, formId } = await fillersForm(sim.app, sim.db));
    expect((await save(formId, values)).statusCode).toBe(303);
    expect((await post(`/forms/${formId}/signature-request`, {})).statusCode).toBe(303);
    firstLink = await newLink();
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('offers the filler and the coordinator to send the form to the signer again while it awaits the signature', async () => {
    const body = (await page(filler.cookie)).body;
    expect(body).toContain(`action="/forms/${formId}/signature-resend?lang=sv"`);
    expect(body).toContain('Skicka till undertecknaren igen');
    expect(await htmlErrors({ resend: body })).toEqual([]);
    const coordinator = await signedInAs(sim.app, COORDINATOR);
    expect((await page(coordinator.cookie)).body).toContain('Skicka till undertecknaren igen');
  });

  it('mails the signer a new link, and the old link is refused', async () => {
    await aMinuteLater();
    const res = await post(`/forms/${formId}/signature-resend`, {});
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toContain('done=resent');
    const shown = await sim.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: filler.cookie } });
    expect(shown.body).toContain('En ny länk är skickad till undertecknaren');
    const fresh = await newLink();
    const old = await visit(firstLink);
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('En nyare länk har skickats');
    expect(old.body).not.toContain('Skicka en ny länk till mig');
    expect((await visit(fresh)).body).toContain('Underteckna');
    expect(await row()).toMatchObject({ state: 'awaiting_signature' });
    firstLink = fresh;
  });

  it('writes an audit row for the mail sent again, naming the filler', async () => {
    const [event] = await auditRows('form.signatureResent');
    expect(event).toMatchObject({ actorKind: 'holder', actorSeatId: (await findSeat(sim.db, FILLER))!.id, door: 'page' });
    expect(event!.detail).toMatchObject({ contentSha256: (await row()).contentSha256 });
  });

  it('refuses a second send within a minute, and mails nothing', async () => {
    const before = await signingMails();
    const res = await resendApi();
    expect(res.statusCode, res.body).toBe(429);
    expect(res.json().message).toContain('mindre än en minut');
    expect(await signingMails()).toBe(before);
  });

  it('lets the coordinator send it to the signer again too', async () => {
    await aMinuteLater();
    const coordinator = await signedInAs(sim.app, COORDINATOR);
    const res = await post(`/forms/${formId}/signature-resend`, {}, coordinator);
    expect(res.statusCode, res.body).toBe(303);
    firstLink = await newLink();
    const events = await auditRows('form.signatureResent');
    expect(events.map((e) => e.actorKind)).toContain('coordinator');
  });

  it('refuses to send again a form that does not await a signature', async () => {
    const draft = await draftCopy(sim.db, formId, 5);
    const res = await resendApi(draft);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().message).toContain('väntar inte på underskrift');
    expect(await signingMails(draft)).toBe(0);
  });

  it('offers the signer of an expired link a new one while the form still awaits the signature', async () => {
    await expire(firstLink);
    const res = await visit(firstLink);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('väntar fortfarande på din underskrift');
    expect(res.body).toContain('Skicka en ny länk till mig');
    expect(await htmlErrors({ expired: res.body })).toEqual([]);
  });

  it("mails the renewed link to the seat's own address, and the renewed link signs", async () => {
    const expired = firstLink;
    const renewed = await answer(expired, '/renew', { email: 'someone@example.org' });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.body).toContain('En ny länk är skickad till');
    const fresh = await newLink();
    expect(sim.smtp.messages.some((m) => m.to && 'value' in m.to && m.to.value[0]!.address === 'someone@example.org')).toBe(false);
    const [event] = await auditRows('link.renewed');
    expect(event?.detail).toMatchObject({ contentSha256: (await row()).contentSha256 });
    const again = await visit(expired);
    expect(again.body).not.toContain('Skicka en ny länk till mig');
    const sha = /name="contentSha256" value="([0-9a-f]{64})"/.exec((await visit(fresh)).body)![1]!;
    const signed = await answer(fresh, '', { outcome: 'signed', contentSha256: sha });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await row()).toMatchObject({ state: 'signed', contentSha256: sha });
    firstLink = fresh;
  });

  it('offers no new link for a used link, even once expired, and renews none', async () => {
    await expire(firstLink);
    const used = await visit(firstLink);
    expect(used.statusCode).toBe(409);
    expect(used.body).not.toContain('Skicka en ny länk till mig');
    const before = await signingMails();
    expect((await answer(firstLink, '/renew')).statusCode).toBe(303);
    expect(await signingMails()).toBe(before);
  });

  it('offers no new link for a forged link', async () => {
    const forged = 'A'.repeat(43);
    const res = await visit(forged);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Skicka en ny länk till mig');
    const renew = await sim.app.inject({ method: 'POST', url: `/l/${forged}/renew`, payload: {} });
    expect(renew.statusCode).toBe(404);
  });

  it('offers no new link once the form was edited after the link was sent, and refuses to renew it', async () => {
    const draft = await draftCopy(sim.db, formId, 6);
    expect((await post(`/forms/${draft}/signature-request`, {})).statusCode).toBe(303);
    const token = await newLink();
    // The signer's browser opened the link while it could be signed: it holds the link's CSRF token.
    browser = csrfOfPage(await visit(token));
    expect((await save(draft, { ...values, plan: 'Ändrad medan den väntade.' })).statusCode).toBe(303);
    await expire(token);
    const res = await visit(token);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('kan inte förnyas');
    expect(res.body).not.toContain('Skicka en ny länk till mig');
    const before = await signingMails(draft);
    const renew = await answer(token, '/renew');
    expect(renew.statusCode).toBe(410);
    expect(await signingMails(draft)).toBe(before);
    expect(await row(draft)).toMatchObject({ state: 'draft' });
  });

  it("renews an expired signature step's link through its task, and the renewed link signs the step's text", async () => {
    await startCycleOf(sim.app, sim.db, signatureCycle);
    const token = await newLink();
    const seat = (await findSeat(sim.db, SIGNER))!;
    const [task] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.stepKey, 'avsikt'), eq(t.tasks.seatId, seat.id)));
    await expire(token);
    expect((await visit(token)).body).toContain('Skicka en ny länk till mig');
    expect((await answer(token, '/renew')).statusCode).toBe(200);
    const fresh = await newLink();
    const signed = await answer(fresh, '', { outcome: 'signed' });
    expect(signed.statusCode, signed.body).toBe(200);
    const [row] = await sim.db.select().from(t.signatures).where(eq(t.signatures.taskId, task!.id));
    expect(row).toMatchObject({ outcome: 'signed', seatId: seat.id });
  });
});
