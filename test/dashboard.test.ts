import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import * as t from '../db/schema';
import { stockholmInstant } from '../core/time';
import { findSeat } from '../db/queries/directory';
import { simulate, type Simulation } from './support/time-skipping';
import { eventually, injectAs, signedInAs } from './support/app';

const CYCLE = 'cycle/kvinnofrid-arshjul/2027';
const OVERVIEW = '/cycles/kvinnofrid-arshjul/2027';
const polisen = { kind: 'seat', seat: 'samordningsgrupp/polisen' };

/** The dashboard's pages and forms, on the real API, worker, Temporal and PostgreSQL. */
describe('the dashboard', () => {
  let sim: Simulation;

  /**
   * A fresh session per request, as the sign-in link sets it: the simulation's clock runs days
   * ahead, past any session's idle limit.
   */
  const session = (as?: { kind: string; seat?: string }) => signedInAs(sim.app, as?.seat);
  const get = async (url: string, as?: { kind: string; seat?: string }) =>
    sim.app.inject({ method: 'GET', url, headers: { cookie: (await session(as)).cookie } });
  /** A form post as the browser sends it: urlencoded, with the session's CSRF token as `_csrf`. */
  const form = async (url: string, fields: Record<string, string>, as?: { kind: string; seat?: string }, token?: string) => {
    const s = await session(as);
    return sim.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: token ?? s.csrf, ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
    });
  };

  beforeAll(async () => {
    sim = await simulate();
  });
  afterAll(async () => sim?.stop());

  it('previews the whole year before anything starts, then starts it after confirmation', async () => {
    const preview = await form('/cycles/new/preview', { definition: 'kvinnofrid-arshjul', year: '2027' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.headers['content-type']).toContain('text/html');
    expect(preview.body).toContain('Förhandsgranskning: Operation Kvinnofrids årshjul 2027');
    expect(preview.body).toContain('Påminnelse');
    expect(preview.body).toContain('Polisen (');
    expect(preview.body).toContain('15 mars 2027');
    expect(await sim.db.select().from(t.cycles)).toEqual([]);

    const unconfirmed = await form('/cycles/new', { definition: 'kvinnofrid-arshjul', year: '2027' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.headers['content-type']).toContain('text/html');
    expect(unconfirmed.body).toContain('<strong>confirm</strong>');
    expect(await sim.db.select().from(t.cycles)).toEqual([]);

    const started = await form('/cycles/new', { definition: 'kvinnofrid-arshjul', year: '2027', confirm: 'yes' });
    expect(started.statusCode, started.body).toBe(303);
    expect(started.headers.location).toBe(`${OVERVIEW}?lang=sv&done=started`);
    await eventually(async () => ((await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, CYCLE))).length >= 5 ? true : undefined));

    const again = await form('/cycles/new', { definition: 'kvinnofrid-arshjul', year: '2027', confirm: 'yes' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('2027');
  });

  it('shows the year as a wheel with a text alternative, the same as a table, and progress per party', async () => {
    const res = await get(`${OVERVIEW}?done=started`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Cykeln är startad.');
    expect(res.body).toMatch(/<svg class="wheel"[^>]*role="img"/);
    expect(res.body).toContain('<desc id="wheel-desc">Faser: Fas I: Analysera (1 januari 2027 – 31 mars 2027)');
    expect(res.body).toContain('Behovsinventering');
    expect(res.body).toMatch(/<a href="\/parties\/polisen\?year=2027&amp;lang=sv">Polisen<\/a><\/td><td>0<\/td><td>1<\/td>/);

    const json = (await get('/api/dashboard/cycles/kvinnofrid-arshjul/2027')).json();
    expect(json.cycle.id).toBe(CYCLE);
    expect(json.phases.map((p: { key: string }) => p.key).slice(0, 4)).toEqual(['analysera', 'valja-atgarder', 'genomfora', 'folja-upp']);
    expect(json.parties.find((p: { organisationSlug: string }) => p.organisationSlug === 'polisen')).toMatchObject({ open: 1, done: 0 });

    const english = await get(`${OVERVIEW}?lang=en`);
    expect(english.body).toContain('The annual wheel of');
    expect(english.body).toContain('Tasks per party');
  });

  it('lets the coordinator extend and reassign a task from its page; refusals say why and change nothing', async () => {
    const seat = (await findSeat(sim.db, 'samordningsgrupp/kriminalvarden'))!;
    const [task] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, CYCLE), eq(t.tasks.seatId, seat.id)));
    const page = await get(`/tasks/${task!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Flytta tidsfristen');

    const past = await form(`/tasks/${task!.id}/extend`, { dueAt: '2020-01-01', reason: 'Fel år' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('role="alert"');
    const forged = await form(`/tasks/${task!.id}/extend`, { dueAt: '2027-04-15', reason: 'Semester' }, undefined, 'forged');
    expect(forged.statusCode).toBe(403);
    const byMember = await form(`/tasks/${task!.id}/extend`, { dueAt: '2027-04-15', reason: 'Semester' }, polisen);
    expect(byMember.statusCode).toBe(403);
    expect((await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.dueAt).toEqual(task!.dueAt);

    const extended = await form(`/tasks/${task!.id}/extend`, { dueAt: '2027-04-15', reason: 'Semester' });
    expect(extended.statusCode, extended.body).toBe(303);
    expect(extended.headers.location).toBe(`/tasks/${task!.id}?lang=sv&done=extended`);
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.dueAt.toISOString().startsWith('2027-04-15')
        ? true
        : undefined,
    );

    const reassigned = await form(`/tasks/${task!.id}/reassign`, {
      seat: 'samordningsgrupp/aklagarmyndigheten',
      reason: 'Ny ansvarsfördelning',
    });
    expect(reassigned.statusCode, reassigned.body).toBe(303);
    const target = (await findSeat(sim.db, 'samordningsgrupp/aklagarmyndigheten'))!;
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.seatId === target.id ? true : undefined,
    );

    const history = await get(`/tasks/${task!.id}?done=reassigned`);
    expect(history.body).toContain('Uppgiften är flyttad.');
    expect(history.body).toContain('tidsfristen flyttades');
    expect(history.body).toContain('Semester');
    const api = (await get(`/api/tasks/${task!.id}/history`)).json();
    expect(api.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['task.assigned', 'task.extended', 'task.reassigned']),
    );
  });

  it('gives a member their open work and lets them complete a task', async () => {
    const me = await get('/me', polisen);
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('Behovsinventering');
    const work = (await get('/api/me/work', polisen)).json();
    expect(work.tasks).toHaveLength(1);
    const id = work.tasks[0].id as string;

    const taskPage = await get(`/tasks/${id}`, polisen);
    expect(taskPage.body).toContain('Markera som klar');
    expect(taskPage.body).not.toContain('Flytta tidsfristen');
    const empty = await form(`/tasks/${id}/complete`, { report: '   ' }, polisen);
    expect(empty.statusCode).toBe(400);
    const done = await form(`/tasks/${id}/complete`, { report: 'Behoven är inventerade.' }, polisen);
    expect(done.statusCode, done.body).toBe(303);
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, id)))[0]!.status === 'done' ? true : undefined,
    );

    const party = await get('/parties/polisen?year=2027', polisen);
    expect(party.statusCode).toBe(200);
    expect(party.body).toContain('Levererat');
    expect(party.body).toContain('0 öppna uppgifter, varav 0 sena; 1 levererade.');
  });

  it('resends a link, and stops mail to an address the coordinator marks wrong', async () => {
    const seat = (await findSeat(sim.db, 'samordningsgrupp/aklagarmyndigheten'))!;
    const open = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, CYCLE), eq(t.tasks.seatId, seat.id), eq(t.tasks.status, 'open')));
    const task = open[0]!;
    const resent = await form(`/tasks/${task.id}/resend`, {});
    expect(resent.statusCode, resent.body).toBe(303);
    const mails = () =>
      sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.targetId, task.id), eq(t.mailOutbox.kind, 'link_renewed')));
    // The worker delivers it; with no SMTP server configured it is held in the outbox.
    await eventually(async () => ((await mails()).map((m) => m.status).join() === 'held' ? true : undefined));
    // A double click within five minutes sends nothing more.
    expect((await form(`/tasks/${task.id}/resend`, {})).statusCode).toBe(303);
    expect(await mails()).toHaveLength(1);

    const outbox = await get('/outbox');
    const mail = (await mails())[0]!;
    expect(outbox.body).toContain(`/outbox/${mail.id}/address`);
    const confirmPage = await get(`/outbox/${mail.id}/address`);
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.body).toContain(mail.toAddress);
    expect((await form(`/outbox/${mail.id}/address`, {})).statusCode).toBe(400);
    expect((await form(`/outbox/${mail.id}/address`, { confirm: 'yes' }, polisen)).statusCode).toBe(403);
    const [before] = await sim.db.select().from(t.holders).where(eq(t.holders.id, mail.holderId!));
    expect(before!.emailInvalidAt).toBeNull();
    expect((await form(`/outbox/${mail.id}/address`, { confirm: 'yes' })).statusCode).toBe(303);
    const [after] = await sim.db.select().from(t.holders).where(eq(t.holders.id, mail.holderId!));
    expect(after!.emailInvalidAt).toBeInstanceOf(Date);
    const audit = await sim.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'mail.addressWrong'), eq(t.auditEvents.targetId, mail.holderId!)));
    expect(audit).toHaveLength(1);
    expect((await get('/api/outbox')).json().find((m: { id: string }) => m.id === mail.id).addressMarkedAt).not.toBeNull();

    // The next link to that address is not sent; the row says why.
    await sim.db.delete(t.mailOutbox).where(eq(t.mailOutbox.id, mail.id));
    expect((await form(`/tasks/${task.id}/resend`, {})).statusCode).toBe(303);
    const blocked = await eventually(async () => (await mails()).find((m) => m.status !== 'pending'));
    expect(blocked).toMatchObject({ status: 'bounced', lastError: 'Adressen är markerad som felaktig; inget skickades.' });
  });

  it("counts a party's year as Stockholm does, across New Year's night", async () => {
    const seat = (await findSeat(sim.db, 'samordningsgrupp/polisen'))!;
    const task = (title: string, dueAt: Date) => ({ id: randomUUID(), workflowId: `task/adhoc/${title}`, seatId: seat.id, title, dueAt });
    await sim.db
      .insert(t.tasks)
      .values([
        task('Nyårsafton', stockholmInstant({ year: 2027, month: 12, day: 31 }, 23, 59)),
        task('Nyårsnatt', stockholmInstant({ year: 2028, month: 1, day: 1 }, 0, 30)),
      ]);
    const titles = async (year: number) =>
      (await get(`/api/dashboard/parties/polisen?year=${year}`)).json().tasks.map((x: { title: string }) => x.title);
    expect(await titles(2028)).toEqual(['Nyårsnatt']);
    expect(await titles(2029)).toEqual([]);
  });

  it('answers bad input with a page that says what is wrong, never a 500', async () => {
    const cases: [string, number, string][] = [
      ['/tasks/not-a-uuid', 400, 'id'],
      ['/tasks/00000000-0000-4000-8000-000000000000', 404, 'Det finns ingen uppgift'],
      ['/decisions/00000000-0000-4000-8000-000000000000', 404, 'Det finns inget beslut'],
      ['/cycles/kvinnofrid-arshjul/1999', 400, 'year'],
      ['/cycles/no-such/2027', 404, 'Det finns ingen cykel'],
      ['/parties/no-such', 404, 'Det finns ingen part'],
      [`${OVERVIEW}?done=hacked`, 400, 'done'],
      ['/no/such/page', 404, 'Sidan finns inte'],
    ];
    for (const [url, status, text] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain(text);
      expect(res.body, url).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await get('/api/tasks/not-a-uuid')).headers['content-type']).toContain('application/json');
    expect((await get('/cycles/new', polisen)).statusCode).toBe(403);
    expect((await injectAs(sim.app, { method: 'GET', url: '/me' }, { kind: 'seat', seat: 'nobody/none' })).statusCode).toBe(303);
  });

  it('renders every page from PostgreSQL while no worker runs', async () => {
    await sim.stopWorker();
    const [task] = await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, CYCLE));
    for (const url of [
      '/',
      '/cycles',
      OVERVIEW,
      `/tasks/${task!.id}`,
      '/parties/polisen?year=2027',
      '/me',
      '/api/dashboard/cycles/kvinnofrid-arshjul/2027',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
    }
  });
});
