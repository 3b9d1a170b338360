import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createMailer, type Mailer } from '../activities/mailer';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { csrfOfPage, eventually, injectAs, signedInAs, testApp } from './support/app';
import { catchMail, type CaughtMail } from './support/smtp';
import { PageForm } from './support/forms';
import { FOLLOW_UP_KEY, FOLLOW_UP_YEAR, followUpRows, startFollowUpYear, type ScenarioTasks } from './support/follow-ups';

const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const POLISEN = 'samordningsgrupp/polisen';
const KRIMINALVARDEN = 'samordningsgrupp/kriminalvarden';
const TABLE = `/api/cycles/${FOLLOW_UP_KEY}/${FOLLOW_UP_YEAR}/follow-up`;
const PAGE = `/cycles/${FOLLOW_UP_KEY}/${FOLLOW_UP_YEAR}/follow-up`;

/**
 * Measure follow-up through the task flow, on the Temporal dev server, PostgreSQL and an SMTP
 * server: owners report a status and evidence links with their task, the coordinator reads them
 * per goal and asks an owner to report, by mail.
 */
describe('measure follow-up', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let smtp: CaughtMail;
  let mailer: Mailer;
  let tasks: ScenarioTasks;

  beforeAll(async () => {
    database = await createSeededDatabase();
    smtp = await catchMail();
    mailer = createMailer(smtp.url);
    temporal = await startTemporal(database.db, `follow-up-${Date.now()}`, mailer);
    app = await testApp(database.db, temporal.client, temporal.taskQueue, mailer);
    tasks = await startFollowUpYear(database.db, app);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    mailer?.close();
    await smtp?.stop();
    await database?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, as?: { kind: string; seat?: string }) =>
    injectAs(app, { method, url, payload }, as);
  const complete = (id: string, body: object, as = POLISEN) =>
    call('POST', `/api/tasks/${id}/complete`, { report: 'Utbildningen hölls för 40 utredare.', ...body, actor: seat(as) });
  const taskRow = async (id: string) => (await database.db.select().from(t.tasks).where(eq(t.tasks.id, id)))[0]!;

  it('lands the status and links given when a measure task is completed', async () => {
    const task = tasks['U1.1']!.halvar!;
    const links = [{ url: 'https://polisen.example.org/utbildning', title: 'Kursplan' }, { url: 'http://intra.example.org/n' }];
    const res = await complete(task.id, { followUp: { status: 'ongoing', links } });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await followUpRows(database.db, [task.id]);
    expect(row).toMatchObject({ measureId: task.measureId, status: 'ongoing', links });
    expect(row!.holderId).not.toBeNull();
    const json = (await call('GET', `/api/tasks/${task.id}`, undefined, seat(POLISEN))).json();
    expect(json.followUp).toMatchObject({ status: 'ongoing', links });
  });

  it('refuses a status it does not know, naming the field, and changes nothing', async () => {
    const task = tasks['U1.2']!.halvar!;
    const res = await complete(task.id, { followUp: { status: 'finished', links: [] } }, KRIMINALVARDEN);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual(['followUp.status']);
    expect(res.json().message).toContain('followUp.status');
    expect(await followUpRows(database.db, [task.id])).toEqual([]);
    expect((await taskRow(task.id)).status).toBe('open');
  });

  it('refuses a link that is not http(s), naming the field, and changes nothing', async () => {
    const task = tasks['U1.2']!.halvar!;
    const links = [{ url: 'https://ok.example.org' }, { url: 'javascript:alert(1)' }];
    const res = await complete(task.id, { followUp: { status: 'done', links } }, KRIMINALVARDEN);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual(['followUp.links.1.url']);
    expect(await followUpRows(database.db, [task.id])).toEqual([]);
    expect((await taskRow(task.id)).status).toBe('open');
  });

  it("asks for the measure's status on the task page's completion form, and lands it with the links", async () => {
    const task = tasks['U1.2']!.halvar!;
    const { cookie } = await signedInAs(app, KRIMINALVARDEN);
    const page = await app.inject({ method: 'GET', url: `/tasks/${task.id}`, headers: { cookie } });
    expect(page.body).toContain('Status för åtgärden');
    const form = PageForm.on(page.body, `/tasks/${task.id}/complete`, cookie).fill('report', 'Riskbedömning görs i alla ärenden.');
    const missing = await form.submit(app);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Status för åtgärden');
    form.select('status', 'done').fill('links', 'https://kriminalvarden.example.org/rapport Årsrapport 2027\n\nhttps://x.example.org');
    const res = await form.submit(app);
    expect(res.statusCode, res.body).toBe(303);
    const [row] = await followUpRows(database.db, [task.id]);
    expect(row).toMatchObject({
      status: 'done',
      links: [{ url: 'https://kriminalvarden.example.org/rapport', title: 'Årsrapport 2027' }, { url: 'https://x.example.org' }],
    });
    expect((await taskRow(task.id)).status).toBe('done');
  });

  it("lets a done task's owner complement the follow-up later, audited; another seat may not", async () => {
    const task = tasks['U1.1']!.halvar!;
    const body = { status: 'done', links: [{ url: 'https://polisen.example.org/slutrapport' }] };
    const other = await call('PUT', `/api/tasks/${task.id}/follow-up`, { ...body, actor: seat(KRIMINALVARDEN) });
    expect(other.statusCode).toBe(403);
    const res = await call('PUT', `/api/tasks/${task.id}/follow-up`, { ...body, actor: seat(POLISEN) });
    expect(res.statusCode, res.body).toBe(200);
    expect((await followUpRows(database.db, [task.id]))[0]).toMatchObject(body);
    const audits = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetId, task.id), eq(t.auditEvents.action, 'followUp.saved')));
    expect(audits.map((a) => a.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'done', links: 1 })]));
    const open = await call('PUT', `/api/tasks/${tasks['U2.1']!.halvar!.id}/follow-up`, { ...body, actor: seat(POLISEN) });
    expect(open.statusCode).toBe(409);
  });

  it('shows the measures per goal, each follow-up step with its state, status, text, links and files', async () => {
    const file = { name: 'kursplan.pdf', contentType: 'application/pdf', size: 3, sha256: 'x', data: Buffer.from('pdf') };
    await database.db.insert(t.attachments).values({ ...file, taskId: tasks['U1.1']!.halvar!.id });
    const res = await call('GET', TABLE);
    expect(res.statusCode, res.body).toBe(200);
    const table = res.json();
    expect(table.steps.map((s: { key: string }) => s.key)).toEqual(['halvar', 'uppfoljning']);
    expect(table.goals.map((g: { number: number }) => g.number)).toEqual([1, 2]);
    const [one, two] = table.goals;
    expect(one.measures.map((m: { code: string }) => m.code)).toEqual(['U1.1', 'U1.2']);
    expect(two.measures[0]).toMatchObject({ code: 'U2.1', owners: ['Polisen', 'Åklagarmyndigheten'] });
    expect(one.measures[0].cells.halvar).toMatchObject({
      state: 'done',
      status: 'done',
      text: 'Utbildningen hölls för 40 utredare.',
      links: [{ url: 'https://polisen.example.org/slutrapport' }],
      attachments: ['kursplan.pdf'],
    });
    expect(one.measures[0].cells.uppfoljning).toMatchObject({ state: 'open', status: null, links: [] });
  });

  it('lets the samordningsgrupp read the table, and turns away a seat with no part in it', async () => {
    expect((await call('GET', TABLE, undefined, seat('styrgrupp/lansstyrelsen'))).statusCode).toBe(200);
    const outsider = await call('GET', PAGE, undefined, seat('arbetsgrupp-kunskap/storsthlm'));
    expect(outsider.statusCode).toBe(403);
  });

  it("mails an open task's holder a reminder with the coordinator's message and a link to complete, audited without the words", async () => {
    const task = tasks['U1.2']!.uppfoljning!;
    const message = 'Hej! Vi behöver er rapport till lägesrapporten före fredag.';
    const res = await call('POST', `${TABLE}/ask`, { task: task.id, message, actor: { kind: 'coordinator' } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ kind: 'follow_up_reminder' });
    const mail = await eventually(async () => smtp.messages.find((m) => m.subject?.startsWith('Påminnelse: rapportera')));
    expect(mail.subject).toContain(task.title);
    expect(mail.text).toContain(message);
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/l\/\S+/);
    const [audit] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetId, task.id), eq(t.auditEvents.action, 'followUp.asked')));
    expect(audit!.detail).toMatchObject({ kind: 'follow_up_reminder', message: true });
    expect(JSON.stringify(audit)).not.toContain('fredag');
  });

  it("completes through the reminder's link only with the measure's status, which lands with the links", async () => {
    const task = tasks['U1.2']!.uppfoljning!;
    const mail = smtp.messages.find((m) => m.subject?.startsWith('Påminnelse: rapportera'))!;
    const path = /http:\/\/localhost:3000(\/l\/\S+)/.exec(mail.text!)![1]!;
    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    const form = PageForm.on(page.body, path, csrfOfPage(page).cookie).fill('report', 'Uppföljd: metoden används i hela länet.');
    const missing = await form.submit(app);
    expect([missing.statusCode, missing.body.includes('Status för åtgärden')]).toEqual([400, true]);
    const res = await form.select('status', 'changed').fill('links', 'https://kriminalvarden.example.org/metod').submit(app);
    expect(res.statusCode, res.body).toBe(200);
    expect((await followUpRows(database.db, [task.id]))[0]).toMatchObject({
      status: 'changed',
      links: [{ url: 'https://kriminalvarden.example.org/metod' }],
    });
    expect((await taskRow(task.id)).status).toBe('done');
  });

  it("asks a done task's holder to complement the follow-up, from the table page's form", async () => {
    const task = tasks['U1.1']!.halvar!;
    const { cookie } = await signedInAs(app);
    const page = await app.inject({ method: 'GET', url: PAGE, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const forms = [...page.body.matchAll(/<form method="post" action="([^"]+)"[\s\S]*?name="task" value="([^"]+)"/g)];
    expect(forms.map((f) => f[2])).toContain(task.id);
    const html = page.body.slice(page.body.lastIndexOf('<form', page.body.indexOf(`name="task" value="${task.id}"`)));
    const form = PageForm.on(html, `${PAGE}/ask`, cookie).fill('message', 'Lägg gärna till länken till slutrapporten.');
    const res = await form.submit(app);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toContain('done=asked');
    const mail = await eventually(async () => smtp.messages.find((m) => m.subject?.startsWith('Komplettera uppföljningen')));
    expect(mail.text).toContain('Lägg gärna till länken till slutrapporten.');
    expect(mail.text).toContain(`/tasks/${task.id}`);
  });

  it('leaves only an editable follow-up when the workflow refuses the completion', async () => {
    const task = tasks['U2.1']!.uppfoljning!;
    const [kvv] = await database.db.select().from(t.seats).where(eq(t.seats.slug, KRIMINALVARDEN));
    // The projection trails the workflow: it names Kriminalvården, the workflow still Polisen.
    await database.db.update(t.tasks).set({ seatId: kvv!.id }).where(eq(t.tasks.id, task.id));
    const refused = await complete(task.id, { followUp: { status: 'ongoing', links: [] } }, KRIMINALVARDEN);
    expect(refused.statusCode).toBe(403);
    expect((await followUpRows(database.db, [task.id]))[0]).toMatchObject({ status: 'ongoing' });
    await database.db.update(t.tasks).set({ seatId: task.seatId }).where(eq(t.tasks.id, task.id));
    const res = await complete(task.id, { followUp: { status: 'done', links: [{ url: 'https://polisen.example.org/samrad' }] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await followUpRows(database.db, [task.id])).toEqual([
      expect.objectContaining({ status: 'done', links: [{ url: 'https://polisen.example.org/samrad' }] }),
    ]);
  });

  it('shows an open task past its due date as overdue', async () => {
    const task = tasks['U2.1']!.halvar!;
    await database.db
      .update(t.tasks)
      .set({ dueAt: new Date(Date.now() - 86_400_000) })
      .where(eq(t.tasks.id, task.id));
    const table = (await call('GET', TABLE)).json();
    expect(table.goals[1].measures[0].cells.halvar).toMatchObject({ taskId: task.id, state: 'overdue' });
  });

  it('shows the table in English when asked', async () => {
    const page = await call('GET', `${PAGE}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Follow-up of measures 2027</h1>');
    expect(page.body).toContain('Ask to complement');
    expect(page.body).not.toMatch(/fu\.[a-z]+/);
  });

  it('lets only the coordinator ask', async () => {
    const res = await call('POST', `${TABLE}/ask`, { task: tasks['U1.1']!.halvar!.id, actor: seat(POLISEN) });
    expect(res.statusCode).toBe(403);
  });
});
