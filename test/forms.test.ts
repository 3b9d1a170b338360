import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { countChars } from '../core/form-fields';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { reopenFormVersion } from '../db/queries/form-versions';
import { eventually, injectAs, signedInAs } from './support/app';
import { PageForm } from './support/forms';
import { htmlErrors } from './support/vnu';
import { formCycle, startFormCycle } from './support/form-records';

const KEY = formCycle.key;
const FILLER = { kind: 'seat', seat: 'samordningsgrupp/polisen' } as const;
const coordinator = { kind: 'coordinator' } as const;

/** 1000 user-perceived characters: Swedish letters, emoji sequences and letters with combining accents, each one. */
const THOUSAND = `${'Åäö'.repeat(300)}${'👩‍👩‍👧'.repeat(50)}${'e\u0301'.repeat(50)}`;

/**
 * A seat's form of a form step, on real Temporal and PostgreSQL: drafts kept with who changed
 * what, limits counted as a person counts, a submission that completes the task, and no edits after.
 */
describe('a form step’s form', () => {
  let sim: Simulation;
  let formId: string;
  let taskId: string;

  const api = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, as: { kind: string; seat?: string } = FILLER) =>
    injectAs(sim.app, { method, url, payload }, as);
  const stored = async () => (await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, formId)))[0]!;
  const changes = () => sim.db.select().from(t.formChanges).where(eq(t.formChanges.formId, formId)).orderBy(asc(t.formChanges.at));

  beforeAll(async () => {
    sim = await simulate();
    taskId = await startFormCycle(sim.app, sim.db);
    const opened = await api('GET', `/tasks/${taskId}/form`);
    expect(opened.statusCode).toBe(303);
    formId = /^\/forms\/([0-9a-f-]{36})\?/.exec(opened.headers.location as string)![1]!;
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('opens the same version 1 each time, and the task page links to it', async () => {
    const again = await api('GET', `/tasks/${taskId}/form`);
    expect(again.headers.location).toContain(formId);
    expect((await stored()).version).toBe(1);
    expect((await api('GET', `/tasks/${taskId}`)).body).toContain(`/tasks/${taskId}/form`);
  });

  it('refuses a submission with a required field missing, naming it, and submits nothing', async () => {
    const res = await api('POST', `/api/forms/${formId}/submit`, {});
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'projekt', message: 'Projektets namn: obligatoriskt' }]);
    expect((await stored()).state).toBe('draft');
  });

  it('keeps a saved draft, which reopens with its values', async () => {
    const values = { projekt: 'Trygg hemma', omfattning: 'lan', kontakter: [{ namn: 'Åsa Ek', epost: 'asa@example.se' }] };
    const saved = await api('PUT', `/api/forms/${formId}`, { values });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await api('GET', `/api/forms/${formId}`)).json().values).toEqual(values);
    const page = await api('GET', `/forms/${formId}`);
    expect(page.body).toContain('value="Trygg hemma"');
    expect(page.body).toContain('value="asa@example.se"');
  });

  it('takes exactly 1000 characters of Swedish letters, emoji and combining accents', async () => {
    const res = await api('PUT', `/api/forms/${formId}`, { values: { ...(await stored()).values, beskrivning: THOUSAND } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await stored()).values.beskrivning).toBe(THOUSAND);
    expect((await api('GET', `/forms/${formId}`)).body).toContain('1000 av 1000 tecken');
  });

  it('refuses 1001 characters naming the field, and saves nothing', async () => {
    const before = await stored();
    const count = (await changes()).length;
    const res = await api('PUT', `/api/forms/${formId}`, { values: { ...before.values, projekt: 'Annat', beskrivning: `${THOUSAND}å` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'beskrivning', message: 'Beskrivning: högst 1000 tecken (du har 1001)' }]);
    expect((await stored()).values).toEqual(before.values);
    expect(await changes()).toHaveLength(count);
  });

  it('shows a problem on the page beside its field and in a summary, in the reader’s language, saving nothing', async () => {
    const { cookie } = await signedInAs(sim.app, FILLER.seat);
    const page = await sim.app.inject({ method: 'GET', url: `/forms/${formId}?lang=en`, headers: { cookie } });
    const form = PageForm.on(page.body, `/forms/${formId}`, cookie).fill('v.beskrivning', `${THOUSAND}ä`).fill('v.projekt', 'Nytt namn');
    const res = await form.submit(sim.app);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<a href="#f-beskrivning">Description: at most 1000 characters (you have 1001)</a>');
    expect(res.body).toContain('id="e-f-beskrivning"');
    expect(res.body).toContain('aria-invalid="true"');
    expect((await stored()).values.projekt).toBe('Trygg hemma');
  });

  it('records who changed which field, before and after, through which door', async () => {
    const { cookie } = await signedInAs(sim.app, FILLER.seat);
    const page = await sim.app.inject({ method: 'GET', url: `/forms/${formId}`, headers: { cookie } });
    const res = await PageForm.on(page.body, `/forms/${formId}`, cookie).fill('v.projekt', 'Trygg hemma 2027').submit(sim.app);
    expect(res.statusCode, res.body).toBe(303);
    const last = (await changes()).at(-1)!;
    const seat = (await sim.db.select().from(t.seats).where(eq(t.seats.slug, FILLER.seat)))[0]!;
    expect(last).toMatchObject({ path: 'projekt', before: 'Trygg hemma', after: 'Trygg hemma 2027', seatId: seat.id, door: 'page' });
    expect(last.holderId).toBeTruthy();
    const shown = await api('GET', `/forms/${formId}/changes`);
    expect(shown.body).toContain('Projektets namn');
    expect(shown.body).toContain('Trygg hemma 2027');
  });

  it('adds a row to a repeating group by saving, and removes a ticked row', async () => {
    const { cookie } = await signedInAs(sim.app, FILLER.seat);
    const page = await sim.app.inject({ method: 'GET', url: `/forms/${formId}`, headers: { cookie } });
    const form = PageForm.on(page.body, `/forms/${formId}`, cookie);
    const post = (extra: [string, string][]) =>
      sim.app.inject({
        method: 'POST',
        url: `/forms/${formId}`,
        payload: new URLSearchParams([
          ['_csrf', form.value('_csrf')],
          ['v.projekt', form.value('v.projekt')],
          ['v.kontakter.0.namn', 'Åsa Ek'],
          ['v.kontakter.0.epost', 'asa@example.se'],
          ...extra,
        ]).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    const added = await post([['action', 'add:kontakter']]);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toContain('add=kontakter');
    const shown = await sim.app.inject({ method: 'GET', url: added.headers.location as string, headers: { cookie } });
    expect(shown.body).toContain('name="v.kontakter.1.namn"');
    const two = await post([
      ['v.kontakter.1.namn', 'Bo Ek'],
      ['action', 'save'],
    ]);
    expect(two.statusCode).toBe(303);
    expect((await stored()).values.kontakter).toHaveLength(2);
    const removed = await post([
      ['v.kontakter.1.namn', 'Bo Ek'],
      ['remove.kontakter.0', 'on'],
      ['action', 'save'],
    ]);
    expect(removed.statusCode).toBe(303);
    expect((await stored()).values.kontakter).toEqual([{ namn: 'Bo Ek' }]);
  });

  it('is valid HTML: the form, the form with problems, who changed what, and the print view', async () => {
    const { cookie } = await signedInAs(sim.app, FILLER.seat);
    const get = async (url: string) => (await sim.app.inject({ method: 'GET', url, headers: { cookie } })).body;
    const form = await get(`/forms/${formId}`);
    const problems = await PageForm.on(form, `/forms/${formId}`, cookie).fill('v.kontakter.0.epost', 'inte en adress').submit(sim.app);
    const errors = await htmlErrors({
      form,
      problems: problems.body,
      changes: await get(`/forms/${formId}/changes`),
      print: await get(`/forms/${formId}/print`),
    });
    expect(errors).toEqual([]);
  });

  it('lets the coordinator read the form but not change it', async () => {
    expect((await api('GET', `/forms/${formId}`, undefined, coordinator)).statusCode).toBe(200);
    const res = await api('PUT', `/api/forms/${formId}`, { values: { projekt: 'X' } }, coordinator);
    expect(res.statusCode).toBe(403);
  });

  it('hides a draft from the receiving body and from the filler’s other colleagues', async () => {
    expect((await api('GET', `/forms/${formId}`, undefined, { kind: 'seat', seat: 'styrgrupp/polisen' })).statusCode).toBe(404);
    expect((await api('GET', `/api/forms/${formId}`, undefined, { kind: 'seat', seat: 'samordningsgrupp/lansstyrelsen' })).statusCode).toBe(
      404,
    );
  });

  it('completes the task with a summary when submitted', async () => {
    const res = await api('POST', `/api/forms/${formId}/submit`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: formId, state: 'submitted', version: 1 });
    const done = await eventually(async () => {
      const [row] = await sim.db.select().from(t.tasks).where(eq(t.tasks.id, taskId));
      return row?.status === 'done' ? row : undefined;
    });
    expect(done.report).toBe('Inskickad: Ansökan om medel, version 1');
    expect((await stored()).submittedAt).toBeTruthy();
  });

  it('refuses any edit after submission with 409 and changes nothing', async () => {
    const before = await stored();
    const res = await api('PUT', `/api/forms/${formId}`, { values: { projekt: 'Ändrat i efterhand' } });
    expect(res.statusCode).toBe(409);
    expect(await stored()).toEqual(before);
    const page = await api('GET', `/forms/${formId}`);
    expect(page.body).not.toContain('name="action"');
  });

  it('lets the receiving body read what was submitted, each limited text counted as the page counted it', async () => {
    const print = await api('GET', `/forms/${formId}/print`, undefined, { kind: 'seat', seat: 'styrgrupp/polisen' });
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain(`${countChars(String((await stored()).values.projekt))} av 120 tecken`);
  });

  it('prints the submitted form as PDF', async () => {
    const res = await api('GET', `/forms/${formId}.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(await mkdtemp(join(tmpdir(), 'form-pdf-')), 'form.pdf');
    await writeFile(file, res.rawPayload);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(
      `${countChars(String((await stored()).values.projekt))} av 120 tecken`,
    );
  });

  it('exports the form as JSON with its definition, versions, changes and hash', async () => {
    const json = (await api('GET', `/api/forms/${formId}`)).json();
    expect(json).toMatchObject({
      id: formId,
      definition: KEY,
      year: 2027,
      step: 'ansokan',
      seat: FILLER.seat,
      version: 1,
      state: 'submitted',
      signatures: [],
      versions: [{ id: formId, version: 1, state: 'submitted' }],
    });
    expect(json.organisation).toBeTruthy();
    expect(json.fields.map((f: { key: string }) => f.key)).toEqual(['projekt', 'beskrivning', 'omfattning', 'kontakter']);
    expect(json.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.changes[0]).toMatchObject({ path: expect.any(String), door: 'api', seat: FILLER.seat });
  });

  it('starts next year’s form from this year’s submission', async () => {
    const started = await api('POST', '/api/cycles', { definition: KEY, year: 2028, actor: coordinator }, coordinator);
    expect(started.statusCode, started.body).toBe(201);
    const next = await eventually(async () => (await stepTasks(sim.db, `cycle/${KEY}/2028`, 'ansokan'))[0]?.task);
    const opened = await api('GET', `/tasks/${next.id}/form`);
    const nextId = /^\/forms\/([0-9a-f-]{36})\?/.exec(opened.headers.location as string)![1]!;
    const [row] = await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, nextId));
    expect(row).toMatchObject({ version: 1, state: 'draft', prefilledFromId: formId, values: (await stored()).values });
  });

  it('submits a version reopened by decision without a task, audited', async () => {
    const body = (await sim.db.select().from(t.bodies).where(eq(t.bodies.slug, 'styrgrupp')))[0]!;
    const [decision] = await sim.db
      .insert(t.decisions)
      .values({
        id: randomUUID(),
        workflowId: `decision/one-off/${formId}`,
        bodyId: body.id,
        question: 'Öppna igen?',
        rule: { kind: 'majority' },
        dueAt: new Date(),
      })
      .returning();
    const reopened = await reopenFormVersion(sim.db, { formId, decisionId: decision!.id });
    const id = (reopened as { formId: string }).formId;
    const edited = await api('PUT', `/api/forms/${id}`, { values: { ...(await stored()).values, projekt: 'Trygg hemma, rättad' } });
    expect(edited.statusCode, edited.body).toBe(200);
    const res = await api('POST', `/api/forms/${id}/submit`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id, state: 'submitted', version: 2 });
    const audit = await sim.db.select().from(t.auditEvents).where(eq(t.auditEvents.targetId, id));
    expect(audit.map((a) => a.action)).toEqual(['form.saved', 'form.submitted']);
    expect((await stored()).state).toBe('superseded');
  });
});
