import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { FILLER, SIGNER, draftCopy, fillersForm, postAs, saveDraft, signerLinks } from './support/signatures';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { csrfOfPage, eventually, injectAs, signedInAs } from './support/app';
import { htmlErrors } from './support/vnu';
import { loadDirectory } from '../db/queries/directory';

const values = { namn: 'Polisen region Stockholm', plan: 'Utbildning av alla chefer.', samtycke: 'on' };

/**
 * Where the form page meets signing and one-off decisions, on real Temporal, PostgreSQL and SMTP:
 * sent for signature from the page, signed through the mailed link, submitted as signed, voided
 * by an edit, and reopened by the receiving body's decision.
 */
describe('a signed form from its page', () => {
  let sim: MailSimulation;
  let formId: string;
  let filler: { cookie: string; csrf: string };

  const row = async () => (await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, formId)))[0]!;
  const page = (cookie: string, id = formId) => sim.app.inject({ method: 'GET', url: `/forms/${id}`, headers: { cookie } });
  const post = (url: string, form: Record<string, string>, as = filler) => postAs(sim.app, as, url, form);
  const save = (v: Record<string, string>) => saveDraft(sim.app, filler, formId, v);
  const submit = () => post(`/forms/${formId}`, { action: 'submit' });
  let newLink: () => Promise<string>;

  /** Asks from the page, then signs through the link mailed to the signer's holder, as the signer's browser does. */
  async function requestAndSign() {
    const asked = await post(`/forms/${formId}/signature-request`, {});
    expect(asked.statusCode, asked.body).toBe(303);
    const token = await newLink();
    const link = await sim.app.inject({ method: 'GET', url: `/l/${token}`, headers: { 'user-agent': 'Mozilla/5.0' } });
    const { token: csrf, cookie } = csrfOfPage(link);
    const sha = /name="contentSha256" value="([0-9a-f]{64})"/.exec(link.body)![1]!;
    const signed = await sim.app.inject({
      method: 'POST',
      url: `/l/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ _csrf: csrf, outcome: 'signed', contentSha256: sha }).toString(),
    });
    expect(signed.statusCode, signed.body).toBe(200);
    return sha;
  }

  beforeAll(async () => {
    sim = await simulateWithMail();
    newLink = signerLinks(sim);
    ({ filler, formId } = await fillersForm(sim.app, sim.db));
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('offers a draft of a signed step for signature, not for submission', async () => {
    const body = (await page(filler.cookie)).body;
    expect(body).toContain(`action="/forms/${formId}/signature-request?lang=sv"`);
    expect(body).toContain('Skicka för underskrift');
    expect(body).not.toContain('value="submit"');
  });

  it('shows the signer it waits for, and lets only that signer read the form meanwhile', async () => {
    expect((await save(values)).statusCode).toBe(303);
    const signer = await signedInAs(sim.app, SIGNER);
    expect((await page(signer.cookie)).statusCode).toBe(404);
    expect((await post(`/forms/${formId}/signature-request`, {})).statusCode).toBe(303);
    await newLink();
    const body = (await page(filler.cookie)).body;
    expect(body).toContain('Väntar på underskrift av');
    expect(await htmlErrors({ waiting: body })).toEqual([]);
    expect(body).not.toContain('Skicka för underskrift</button>');
    expect((await page(signer.cookie)).statusCode).toBe(200);
    const other = await signedInAs(sim.app, 'styrgrupp/kriminalvarden');
    expect((await page(other.cookie)).statusCode).toBe(404);
  });

  it('submits a form signed through the mailed link as it was signed', async () => {
    const sha = await requestAndSign();
    expect((await row()).contentSha256).toBe(sha);
    const body = (await page(filler.cookie)).body;
    expect(await htmlErrors({ signed: body })).toEqual([]);
    expect(body).toMatch(/Undertecknat av [^<]+ \d/);
    expect(body).toContain('Skicka in det undertecknade formuläret');
    const res = await submit();
    expect(res.statusCode, res.body).toBe(303);
    expect(await row()).toMatchObject({ state: 'submitted', contentSha256: sha });
  });

  it('voids the signature when the form is edited after signing, so submission waits for a new one', async () => {
    const first = formId;
    formId = await draftCopy(sim.db, formId, 9);
    try {
      await requestAndSign();
      expect((await row()).state).toBe('signed');
      expect((await save({ ...values, plan: 'Ändrad efter underskriften.' })).statusCode).toBe(303);
      expect(await row()).toMatchObject({ state: 'draft', contentSha256: null });
      const refused = await submit();
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Formuläret ska undertecknas som det ser ut nu');
      await requestAndSign();
      expect((await submit()).statusCode).toBe(303);
      expect((await row()).state).toBe('submitted');
    } finally {
      formId = first;
    }
  });

  it('shows who refused the signature and why, and offers to send it for signature again', async () => {
    const first = formId;
    formId = await draftCopy(sim.db, formId, 8);
    try {
      expect((await post(`/forms/${formId}/signature-request`, {})).statusCode).toBe(303);
      const signer = await signedInAs(sim.app, SIGNER);
      const refused = await post(`/forms/${formId}/sign`, { outcome: 'refused', reason: 'Planen saknar budget.' }, signer);
      expect(refused.statusCode, refused.body).toBe(303);
      const body = (await page(filler.cookie)).body;
      expect(body).toMatch(/Underskriften avböjdes av [^<]+: Planen saknar budget\./);
      expect(body).toContain('Skicka för underskrift</button>');
      await newLink();
    } finally {
      formId = first;
    }
  });

  it('refuses a proposal to reopen through the JSON door from the filler, who does not receive the form', async () => {
    const url = `/api/forms/${formId}/reopen`;
    const res = await injectAs(
      sim.app,
      { method: 'POST', url, payload: { question: 'Får vi ändra?', dueAt: '2099-06-30' } },
      { kind: 'seat', seat: FILLER },
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().message).toContain('Bara den mottagande gruppen och samordnaren');
  });

  it('lets the receiving body propose reopening, and after approval the versions name each other', async () => {
    const receiver = await signedInAs(sim.app, 'styrgrupp/kriminalvarden');
    const body = (await page(receiver.cookie)).body;
    expect(body).toContain('Föreslå att formuläret öppnas igen');
    expect((await page(filler.cookie)).body).not.toContain('Föreslå att formuläret öppnas igen');
    expect(await htmlErrors({ 'reopen proposal': body })).toEqual([]);
    const blank = await post(`/forms/${formId}/reopen`, { question: ' ', dueAt: '2099-06-30' }, receiver);
    expect(blank.statusCode).toBe(400);
    const asked = await post(`/forms/${formId}/reopen`, { question: 'Budgeten saknar medfinansiering.', dueAt: '2099-06-30' }, receiver);
    expect(asked.statusCode, asked.body).toBe(303);
    const decisionId = /\/decisions\/([0-9a-f-]{36})/.exec(asked.headers.location as string)![1]!;
    const effect = await eventually(
      async () => (await sim.db.select().from(t.decisionEffects).where(eq(t.decisionEffects.decisionId, decisionId)))[0],
    );
    expect(effect.effect).toEqual({ kind: 'reopenForm', formId });
    await eventually(async () => (await sim.db.select().from(t.decisions).where(eq(t.decisions.id, decisionId)))[0]);
    const seats = (await loadDirectory(sim.db)).seats.filter((s) => s.bodySlug === 'styrgrupp' && ['member', 'chair'].includes(s.mandate));
    for (const s of seats.slice(0, Math.floor(seats.length / 2) + 1)) {
      const res = await injectAs(sim.app, {
        method: 'POST',
        url: `/api/decisions/${decisionId}/votes`,
        payload: { choice: 'approve', actor: { kind: 'seat', seat: s.slug } },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const next = await eventually(async () => {
      const [found] = await sim.db.select().from(t.formInstances).where(eq(t.formInstances.reopenedByDecisionId, decisionId));
      return found;
    });
    expect((await page(filler.cookie)).body).toContain(`href="/forms/${next.id}?lang=sv"`);
    const reopened = (await page(filler.cookie, next.id)).body;
    expect(reopened).toContain(`href="/decisions/${decisionId}?lang=sv"`);
    expect(reopened).toContain('Öppnat igen genom beslutet');
  });
});
