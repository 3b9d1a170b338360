import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { injectAs, signedInAs } from './support/app';
import { htmlErrors } from './support/vnu';
import { formCycleWith, startFormCycle } from './support/form-records';

const FILLER = { kind: 'seat', seat: 'samordningsgrupp/polisen' } as const;

/** The small form with one more field: the applicant's own plan, a PDF of at most 2000 bytes. */
const withPlan = formCycleWith('formularfiler', [
  { kind: 'attachment', key: 'plan', label: { sv: 'Egen genomförandeplan', en: 'Own plan' }, accept: ['application/pdf'], maxBytes: 2000 },
]);

const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, bytes - 9), 32)]);

/** An attachment field's file, uploaded from the form page or the API: checked by the field's rules, kept with the task. */
describe("a form's attachment field", () => {
  let sim: Simulation;
  let formId: string;
  let taskId: string;

  const stored = async () => (await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, formId)))[0]!;
  const files = () => sim.db.select().from(t.attachments).where(eq(t.attachments.taskId, taskId));

  /** The page's upload form as a browser posts it: multipart, with the session's CSRF token. */
  const upload = async (name: string, type: string, data: Buffer, url = `/forms/${formId}/files/plan`) => {
    const { cookie, csrf } = await signedInAs(sim.app, FILLER.seat);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new Blob([data], { type }), name);
    const request = new Request('http://x/', { method: 'POST', body: form });
    return sim.app.inject({
      method: 'POST',
      url,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { cookie, 'content-type': request.headers.get('content-type')! },
    });
  };

  beforeAll(async () => {
    sim = await simulate();
    taskId = await startFormCycle(sim.app, sim.db, withPlan);
    const opened = await injectAs(sim.app, { method: 'GET', url: `/tasks/${taskId}/form` }, FILLER);
    formId = /^\/forms\/([0-9a-f-]{36})\?/.exec(opened.headers.location as string)![1]!;
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('offers an upload for the field on the form page, as valid HTML', async () => {
    const page = await injectAs(sim.app, { method: 'GET', url: `/forms/${formId}` }, FILLER);
    expect(page.body).toContain(
      `<form id="u-plan" method="post" action="/forms/${formId}/files/plan?lang=sv" enctype="multipart/form-data">`,
    );
    expect(page.body).toMatch(/<input type="file" id="f-plan-file" name="file" form="u-plan" accept="application\/pdf"/);
    expect(await htmlErrors({ form: page.body })).toEqual([]);
  });

  it('refuses a file of another type, naming the field, and stores nothing', async () => {
    const res = await upload('plan.txt', 'text/plain', Buffer.from('Vår plan'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Egen genomförandeplan');
    expect(await files()).toEqual([]);
    expect((await stored()).values.plan).toBeUndefined();
  });

  it('refuses a file larger than the field allows, through the API, and stores nothing', async () => {
    const form = new FormData();
    form.set('file', new Blob([pdf(3000)], { type: 'application/pdf' }), 'plan.pdf');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const res = await injectAs(
      sim.app,
      {
        method: 'POST',
        url: `/api/forms/${formId}/files/plan`,
        payload: Buffer.from(await request.arrayBuffer()),
        headers: { 'content-type': request.headers.get('content-type')! },
      },
      FILLER,
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'plan', message: expect.stringContaining('Egen genomförandeplan') }]);
    expect(await files()).toEqual([]);
  });

  it("keeps an accepted file with the form's task, as the field's value, with who changed it", async () => {
    const res = await upload('plan.pdf', 'application/pdf', pdf(1500));
    expect(res.statusCode, res.body).toBe(303);
    const [file] = await files();
    expect(file).toMatchObject({ name: 'plan.pdf', contentType: 'application/pdf', size: 1500 });
    expect((await stored()).values.plan).toEqual({ id: file!.id, name: 'plan.pdf', type: 'application/pdf', size: 1500 });
    const changed = await sim.db.select().from(t.formChanges).where(eq(t.formChanges.formId, formId));
    expect(changed.map((c) => c.path)).toContain('plan');
    const page = await injectAs(sim.app, { method: 'GET', url: `/forms/${formId}` }, FILLER);
    expect(page.body).toContain(`<a href="/api/attachments/${file!.id}">plan.pdf</a>`);
  });

  it('takes no file once the form is submitted', async () => {
    const saved = await injectAs(
      sim.app,
      { method: 'PUT', url: `/api/forms/${formId}`, payload: { values: { ...(await stored()).values, projekt: 'Plan' } } },
      FILLER,
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const submitted = await injectAs(sim.app, { method: 'POST', url: `/api/forms/${formId}/submit`, payload: {} }, FILLER);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect((await upload('plan2.pdf', 'application/pdf', pdf(100))).statusCode).toBe(409);
    expect(await files()).toHaveLength(1);
  });
});
