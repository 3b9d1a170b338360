import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import * as t from '../db/schema';
import { canonicalFormContent } from '../core/form-content';
import { formFields } from '../core/form-fields';
import { FILLER, SIGNER, TEXT, draftForm, fields, formTaskOf, sha, signatureCycle, openLink } from './support/signatures';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { eventually, injectAs, signedInAs } from './support/app';
import { findSeat } from '../db/queries/directory';

describe('signatures', () => {
  let sim: MailSimulation;
  const to = (m: ParsedMail) => (m.to && 'value' in m.to ? m.to.value[0]!.address! : '');
  const linkIn = (m: ParsedMail) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!;
  const holderOf = async (seat: string) => {
    const s = (await findSeat(sim.db, seat))!;
    const [h] = await sim.db.select().from(t.holders).where(eq(t.holders.seatId, s.id));
    return { seat: s, holder: h! };
  };
  const mailsTo = (address: string, subject: string) =>
    sim.smtp.messages.filter((m) => to(m) === address && (m.subject ?? '').startsWith(subject));
  const newMailTo = (address: string, subject: string, before: number) => eventually(async () => mailsTo(address, subject)[before]);

  let formTask: t.Task;
  /** A fresh draft version of the filler's form for the form step's task, as the form page would make it. */
  const draft = (values: Record<string, unknown>, version: number) => draftForm(sim.db, formTask, values, version);
  const formRow = async (id: string) => (await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, id)))[0]!;
  const requestSignature = (id: string) =>
    injectAs(sim.app, { method: 'POST', url: `/api/forms/${id}/signature-request`, payload: { actor: { kind: 'seat', seat: FILLER } } });

  beforeAll(async () => {
    sim = await simulateWithMail();
    const def = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: signatureCycle, actor: { kind: 'coordinator' } },
    });
    expect(def.statusCode, def.body).toBe(201);
    const start = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'underskrifter', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(start.statusCode, start.body).toBe(201);
    formTask = await formTaskOf(sim.db);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const values = { namn: 'Polisen region Stockholm', plan: 'Utbildning av alla chefer.\nUppföljning i december.', samtycke: true };

  it('mails the signer a link whose page shows every value and the hash, and signing records holder, time and hash', async () => {
    const form = await draft(values, 1);
    const { holder } = await holderOf(SIGNER);
    const res = await requestSignature(form.id);
    expect(res.statusCode, res.body).toBe(200);
    // The hash is of the fields as the stored definition holds them, defaults filled in.
    const expected = sha(canonicalFormContent(formFields.parse(fields), values));
    expect(res.json()).toMatchObject({ state: 'awaiting_signature', contentSha256: expected });
    const mail = await newMailTo(holder.email, 'Att underteckna', 0);
    const { page, post } = await openLink(sim.app, linkIn(mail));
    expect(page.statusCode).toBe(200);
    for (const shown of [
      'Organisationens namn',
      'Polisen region Stockholm',
      'Plan för året',
      'Utbildning av alla chefer.',
      'Vi samtycker',
      'Ja',
      expected,
    ])
      expect(page.body).toContain(shown);
    const signed = await post({ outcome: 'signed', contentSha256: expected });
    expect(signed.statusCode, signed.body).toBe(200);
    expect((await formRow(form.id)).state).toBe('signed');
    const [row] = await sim.db.select().from(t.signatures).where(eq(t.signatures.formId, form.id));
    expect(row).toMatchObject({ outcome: 'signed', holderId: holder.id, contentSha256: expected, door: 'link' });
    expect(row!.at).toBeInstanceOf(Date);
    const again = await post({ outcome: 'signed', contentSha256: expected });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a refusal without a reason, and with one puts the form back to draft and mails the filler why', async () => {
    const form = await draft(values, 2);
    const { holder } = await holderOf(SIGNER);
    const before = mailsTo(holder.email, 'Att underteckna').length;
    expect((await requestSignature(form.id)).statusCode).toBe(200);
    const { post } = await openLink(sim.app, linkIn(await newMailTo(holder.email, 'Att underteckna', before)));
    const bare = await post({ outcome: 'refused', reason: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('Skriv ett skäl för att avböja');
    expect((await formRow(form.id)).state).toBe('awaiting_signature');
    const refused = await post({ outcome: 'refused', reason: 'Planen saknar budget.' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await formRow(form.id)).state).toBe('draft');
    const [row] = await sim.db.select().from(t.signatures).where(eq(t.signatures.formId, form.id));
    expect(row).toMatchObject({ outcome: 'refused', reason: 'Planen saknar budget.', holderId: holder.id });
    const filler = await holderOf(FILLER);
    const told = await newMailTo(filler.holder.email, 'Underskrift avböjd', 0);
    expect(told.text).toContain('Planen saknar budget.');
  });

  it('refuses to sign a content changed since the request, with a clear message', async () => {
    const form = await draft(values, 3);
    const { holder } = await holderOf(SIGNER);
    const before = mailsTo(holder.email, 'Att underteckna').length;
    expect((await requestSignature(form.id)).statusCode).toBe(200);
    const shown = (await formRow(form.id)).contentSha256!;
    const { post } = await openLink(sim.app, linkIn(await newMailTo(holder.email, 'Att underteckna', before)));
    await sim.db
      .update(t.formInstances)
      .set({ values: { ...values, plan: 'Något annat.' } })
      .where(eq(t.formInstances.id, form.id));
    const res = await post({ outcome: 'signed', contentSha256: shown });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Innehållet har ändrats sedan det skickades för underskrift');
    expect(await sim.db.select().from(t.signatures).where(eq(t.signatures.formId, form.id))).toEqual([]);
    expect((await formRow(form.id)).state).toBe('awaiting_signature');
  });

  it('refuses to send an incomplete form for signature, naming what is missing', async () => {
    const form = await draft({ namn: 'Polisen' }, 4);
    const res = await requestSignature(form.id);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('Vi samtycker');
    expect((await formRow(form.id)).state).toBe('draft');
  });

  it("lets the signer, signed in, sign on the form's signing page, which others cannot open", async () => {
    const form = await draft(values, 5);
    expect((await requestSignature(form.id)).statusCode).toBe(200);
    const signer = await signedInAs(sim.app, SIGNER);
    const page = await sim.app.inject({ method: 'GET', url: `/forms/${form.id}/sign`, headers: { cookie: signer.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Polisen region Stockholm');
    const other = await signedInAs(sim.app, 'styrgrupp/kriminalvarden');
    expect((await sim.app.inject({ method: 'GET', url: `/forms/${form.id}/sign`, headers: { cookie: other.cookie } })).statusCode).toBe(
      404,
    );
    const shown = (await formRow(form.id)).contentSha256!;
    const res = await sim.app.inject({
      method: 'POST',
      url: `/forms/${form.id}/sign`,
      headers: { cookie: signer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: signer.csrf, outcome: 'signed', contentSha256: shown }).toString(),
    });
    expect(res.statusCode, res.body).toBe(303);
    expect((await formRow(form.id)).state).toBe('signed');
  });

  it("sends a form for signature from the form page's button, and names what is missing when it is not ready", async () => {
    const filler = await signedInAs(sim.app, FILLER);
    const press = (id: string) =>
      sim.app.inject({
        method: 'POST',
        url: `/forms/${id}/signature-request`,
        headers: { cookie: filler.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: filler.csrf }).toString(),
      });
    const ready = await draft(values, 6);
    const sent = await press(ready.id);
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toBe(`/forms/${ready.id}?lang=sv`);
    expect((await formRow(ready.id)).state).toBe('awaiting_signature');
    const unready = await draft({ namn: 'Polisen' }, 7);
    const refused = await press(unready.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Vi samtycker: obligatoriskt');
  });

  const signatureTask = async (seat: string) => {
    const s = (await findSeat(sim.db, seat))!;
    return eventually(async () => {
      const [row] = await sim.db
        .select()
        .from(t.tasks)
        .where(and(eq(t.tasks.stepKey, 'avsikt'), eq(t.tasks.seatId, s.id)));
      return row;
    });
  };

  it("shows a signature step's text and hash through the task's mailed link, and a refusal keeps the task open and tells the coordinator", async () => {
    const task = await signatureTask('styrgrupp/region-stockholm');
    const { holder } = await holderOf('styrgrupp/region-stockholm');
    const mail = await eventually(async () =>
      sim.smtp.messages.find((m) => to(m) === holder.email && m.text?.includes('Avsiktsförklaring')),
    );
    const { page, post } = await openLink(sim.app, linkIn(mail));
    expect(page.body).toContain('Vi förbinder oss att arbeta mot våld i nära relationer.');
    expect(page.body).toContain(sha(TEXT));
    expect(page.body).toContain('Underteckna');
    expect(page.body).toContain('Avböj');
    const taskPage = await injectAs(
      sim.app,
      { method: 'GET', url: `/tasks/${task.id}` },
      { kind: 'seat', seat: 'styrgrupp/region-stockholm' },
    );
    expect(taskPage.body).toContain(`/tasks/${task.id}/sign`);
    const refused = await post({ outcome: 'refused', reason: 'Behöver beslut i nämnden först.' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await signatureTask('styrgrupp/region-stockholm')).status).toBe('open');
    const [row] = await sim.db.select().from(t.signatures).where(eq(t.signatures.taskId, task.id));
    expect(row).toMatchObject({ outcome: 'refused', reason: 'Behöver beslut i nämnden först.' });
    const coordinator = await holderOf('samordningskoordinering/samordningskoordinator');
    const told = await newMailTo(coordinator.holder.email, 'Underskrift avböjd', 0);
    expect(told.text).toContain('Behöver beslut i nämnden först.');
  });

  it('completes a signature task when its seat signs, with the report "Undertecknad"', async () => {
    const task = await signatureTask('styrgrupp/polisen');
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/signature`,
      payload: { actor: { kind: 'seat', seat: 'styrgrupp/polisen' }, outcome: 'signed', contentSha256: sha(TEXT) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const done = await eventually(async () => {
      const row = await signatureTask('styrgrupp/polisen');
      return row.status === 'done' ? row : undefined;
    });
    expect(done.report).toBe('Undertecknad');
    const [row] = await sim.db.select().from(t.signatures).where(eq(t.signatures.taskId, task.id));
    expect(row).toMatchObject({ outcome: 'signed', contentSha256: sha(TEXT), door: 'api' });
  });

  it("refuses another seat's signature on a signature task", async () => {
    const task = await signatureTask('styrgrupp/kriminalvarden');
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/signature`,
      payload: { actor: { kind: 'seat', seat: 'styrgrupp/polisen' }, outcome: 'signed' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('shows who has signed for each organisation, who refused and why, and who has not yet', async () => {
    await eventually(async () => ((await signatureTask('styrgrupp/polisen')).status === 'done' ? true : undefined));
    const res = await injectAs(sim.app, { method: 'GET', url: '/api/cycles/underskrifter/2027/signatures/avsikt' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const polisen = body.rows.find((r: { organisation: string }) => r.organisation.startsWith('Polismyndigheten'));
    expect(polisen.signed).toMatchObject({ contentSha256: sha(TEXT) });
    expect(polisen.signed.holder).not.toBe('');
    const region = body.rows.find((r: { organisation: string }) => r.organisation === 'Region Stockholm');
    expect(region.signed).toBeUndefined();
    expect(region.refusals[0]).toMatchObject({ reason: 'Behöver beslut i nämnden först.' });
    const page = await injectAs(sim.app, { method: 'GET', url: '/cycles/underskrifter/2027/signatures/avsikt' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Inte ännu');
    expect(page.body).toContain('Behöver beslut i nämnden först.');
  });

  it('asks a party that joined the styrgrupp to sign the same text, and the page then lists it', async () => {
    const [org] = await sim.db
      .insert(t.organisations)
      .values({ slug: 'sodertalje', name: 'Södertälje kommun', shortName: 'Södertälje', kind: 'municipality' })
      .returning();
    const styrgrupp = (await findSeat(sim.db, 'styrgrupp/polisen'))!;
    const [seat] = await sim.db
      .insert(t.seats)
      .values({ slug: 'styrgrupp/sodertalje', bodyId: styrgrupp.bodyId, organisationId: org!.id, title: 'Ledamot i styrgruppen' })
      .returning();
    await sim.db
      .insert(t.holders)
      .values({ seatId: seat!.id, name: 'Sara Ek', email: 'sara.ek@sodertalje.example.org', validFrom: '2023-01-01' });
    const before = await injectAs(sim.app, { method: 'GET', url: '/api/cycles/underskrifter/2027/signatures/avsikt' });
    expect(before.json().joining).toEqual([{ seat: 'styrgrupp/sodertalje', organisation: 'Södertälje kommun' }]);
    const page = await injectAs(sim.app, { method: 'GET', url: '/cycles/underskrifter/2027/signatures/avsikt' });
    expect(page.body).toContain('Be Södertälje kommun om underskrift');
    const asked = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles/underskrifter/2027/signatures/avsikt/ask',
      payload: { actor: { kind: 'coordinator' }, seat: 'styrgrupp/sodertalje' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const task = await signatureTask('styrgrupp/sodertalje');
    expect(task).toMatchObject({ kind: 'signature', cycleId: 'cycle/underskrifter/2027', stepKey: 'avsikt' });
    const after = await injectAs(sim.app, { method: 'GET', url: '/api/cycles/underskrifter/2027/signatures/avsikt' });
    expect(after.json().joining).toEqual([]);
    expect(after.json().rows.map((r: { organisation: string }) => r.organisation)).toContain('Södertälje kommun');
    const twice = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles/underskrifter/2027/signatures/avsikt/ask',
      payload: { actor: { kind: 'coordinator' }, seat: 'styrgrupp/sodertalje' },
    });
    expect(twice.statusCode).toBe(409);
  });
});
