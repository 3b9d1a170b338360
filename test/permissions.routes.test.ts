import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { findSeat } from '../db/queries/directory';
import { ACCESS_LEVELS, type DeclaredRoute } from '../api/plugins/access';
import { FORM_COUNTER_PATH, FORM_SHOW_IF_PATH, PROGRESS_SCRIPT_PATH, STYLESHEET_PATH } from '../web/assets';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, sessionCookieFor, testApp } from './support/app';
import { fillReportRecords, recordVersion } from './support/report-records';
import { recordForm } from './support/form-records';

/**
 * Walks fastify's route table with one session per role and holds every answer to the table in
 * docs/permissions.md. Each role reads records of its own body and of another body, seeded into
 * this file's own database; the engine is the run's Temporal server, where none of their
 * workflows exist, so an action gets as far as the engine and no further.
 */

const ROLES = ['anonymous', 'former holder', 'seat holder', 'chair/convenor', 'coordinator'] as const;
type Role = (typeof ROLES)[number];
const CELLS = ['—', 'open', 'key', 'read', 'own', 'act'] as const;
type Cell = (typeof CELLS)[number];

/** The table's rows, `METHOD /path` to a cell per role; the stylesheet's hashed name as `{hash}`. */
function permissionTable(): Map<string, Record<Role, Cell>> {
  const text = readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8');
  const rows = new Map<string, Record<Role, Cell>>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const route = /^`([A-Z]+ \/\S*)`$/.exec(cells[1] ?? '')?.[1];
    if (!route) continue;
    expect(rows.has(route), `${route} twice in the table`).toBe(false);
    const given = cells.slice(2, 2 + ROLES.length);
    for (const cell of given) expect(CELLS, `${route}: ${cell}`).toContain(cell);
    rows.set(route, Object.fromEntries(ROLES.map((role, i) => [role, given[i] as Cell])) as Record<Role, Cell>);
  }
  return rows;
}

const hashed: Record<string, string> = {
  [STYLESHEET_PATH]: '/assets/app.{hash}.css',
  [PROGRESS_SCRIPT_PATH]: '/assets/progress.{hash}.js',
  [FORM_COUNTER_PATH]: '/assets/form-counter.{hash}.js',
  [FORM_SHOW_IF_PATH]: '/assets/form-show-if.{hash}.js',
};
const tableName = (r: DeclaredRoute) => `${r.method} ${hashed[r.url] ?? r.url}`;
const ANY_ID = '00000000-0000-4000-8000-000000000000';

/** What a role's requests name: records of its own body, and of another. */
interface Records {
  task: string;
  decision: string;
  attachment: string;
  seat: string;
  body: string;
  /** A cycle whose form step `ansokan` is submitted to this body, which therefore reads its overview. */
  formCycle: string;
  form: string;
}

describe('the permission table', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let connection: Connection;
  let routes: DeclaredRoute[];
  let table: Map<string, Record<Role, Cell>>;
  let formerHolder: string;
  const own = {} as Record<Role, Records>;
  const other = {} as Record<Role, Records>;

  async function workOf(seatSlug: string): Promise<Records> {
    const seat = (await findSeat(db.db, seatSlug))!;
    const body = (await db.db.select().from(t.bodies).where(eq(t.bodies.id, seat.bodyId)))[0]!;
    const voters = await db.db.select({ id: t.seats.id }).from(t.seats).where(eq(t.seats.bodyId, body.id));
    const task = randomUUID();
    const decision = randomUUID();
    const dueAt = new Date('2099-03-31T21:59:00Z');
    await db.db.insert(t.tasks).values({ id: task, workflowId: `task/perm/${task}`, seatId: seat.id, title: `Rapport ${seatSlug}`, dueAt });
    await db.db.insert(t.decisions).values({
      id: decision,
      workflowId: `decision/perm/${decision}`,
      bodyId: body.id,
      question: `Beslut i ${body.slug}`,
      rule: { kind: 'majority' },
      voterSeatIds: voters.map((v) => v.id),
      dueAt,
    });
    const [file] = await db.db
      .insert(t.attachments)
      .values({ taskId: task, name: 'rapport.txt', contentType: 'text/plain', size: 2, sha256: 'x', data: Buffer.from('ok') })
      .returning();
    const formCycle = `perm-forms-${body.slug}`;
    const formStep = { key: 'ansokan', kind: 'form', title: 'Ansökan', due: 'Y-05-31', assignees: { kind: 'body', body: body.slug } };
    const [definition] = await db.db
      .insert(t.cycleDefinitions)
      .values({
        key: formCycle,
        version: 1,
        name: formCycle,
        definition: { key: formCycle, phases: [{ steps: [{ ...formStep, receiver: body.slug }] }] },
      })
      .returning();
    const plan = { phases: [{ steps: [{ key: 'ansokan', kind: 'form', assignments: [] }] }] };
    await db.db.insert(t.cycles).values({ id: `cycle/${formCycle}/2027`, definitionId: definition!.id, year: 2027, plan });
    const form = await recordForm(db.db, { id: task, seatId: seat.id });
    return { task, decision, attachment: file!.id, seat: seatSlug, body: body.slug, formCycle, form };
  }

  beforeAll(async () => {
    db = await createSeededDatabase();
    connection = await Connection.connect({ address: inject('temporalAddress') });
    app = await testApp(db.db, new Client({ connection }), 'permission-routes');
    await app.ready();
    routes = app.declaredRoutes.filter((r) => !r.url.startsWith('/documentation'));
    table = permissionTable();

    // The seat holder sits in the samordningsgrupp; the chair/convenor convenes the styrgrupp.
    const group = await workOf('samordningsgrupp/polisen');
    const steering = await workOf('styrgrupp/lansstyrelsen');
    for (const role of ROLES) [own[role], other[role]] = role === 'chair/convenor' ? [steering, group] : [group, steering];

    // The year's lägesrapport, utkast 1, which the samordningsgrupp reviews and the styrgrupp approves.
    await fillReportRecords(db.db);
    await recordVersion(db.db, 'compiled');

    // A holder whose holding ended yesterday, signed in while it lasted.
    const cookie = await sessionCookieFor(app, 'arbetsgrupp-kunskap/storsthlm');
    formerHolder = `${cookie.name}=${cookie.value}`;
    const seat = (await findSeat(db.db, 'arbetsgrupp-kunskap/storsthlm'))!;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await db.db.update(t.holders).set({ validTo: yesterday }).where(eq(t.holders.seatId, seat.id));
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
    await db?.drop();
  });

  /** The route's address with its parameters filled from a role's records. */
  function urlOf(route: DeclaredRoute, r: Records): string {
    const [seatBody, seatSlug] = r.seat.split('/');
    const byParam: Record<string, string> = {
      ':body': route.url.includes(':seat') ? seatBody! : r.body,
      ':seat': seatSlug!,
      ':year': '2027',
      ':definition': route.url.includes(':step') ? r.formCycle : 'kvinnofrid-arshjul',
      ':step': 'ansokan',
      ':field': 'plan',
      ':key': 'kvinnofrid-arshjul',
      ':version': '1',
      ':n': '1',
      ':org': 'polisen',
      ':token': 'x',
      ':action': route.url.startsWith('/tasks') ? 'complete' : route.url.startsWith('/decisions') ? 'vote' : 'skip',
    };
    const idOf = () =>
      route.url.startsWith('/cal/')
        ? 'x'
        : route.url.includes('attachments/:id')
          ? r.attachment
          : route.url.includes('forms/')
            ? r.form
            : route.url.includes('decisions/')
              ? r.decision
              : route.url.includes('tasks/')
                ? r.task
                : ANY_ID;
    return route.url.replace(/:[A-Za-z]+/g, (p) => (p === ':id' ? idOf() : (byParam[p] ?? ANY_ID)));
  }

  function ask(role: Role, route: DeclaredRoute, url: string): Promise<LightMyRequestResponse> {
    const opts: InjectOptions = { method: route.method as 'GET', url };
    if (role === 'anonymous') return app.inject(opts);
    if (role === 'former holder') return app.inject({ ...opts, headers: { cookie: formerHolder } });
    if (role === 'coordinator') return injectAs(app, opts, { kind: 'coordinator' });
    // A seat holder's client names the seat it acts through; routes that do not ask ignore it.
    const seat = own[role].seat;
    return injectAs(
      app,
      { ...opts, url: `${url}${url.includes('?') ? '&' : '?'}seat=${encodeURIComponent(seat)}` },
      { kind: 'seat', seat },
    );
  }

  const refused = (res: LightMyRequestResponse) =>
    res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 303 && res.headers.location === '/signin');
  /** A route that asks the engine: records seeded here have no workflow behind them, so it answers 404. */
  const asksEngine = (route: DeclaredRoute) => route.url.endsWith('/live');

  it('has a row for every route, and a route for every row', () => {
    const declared = routes.map(tableName);
    expect(declared.filter((r) => !table.has(r))).toEqual([]);
    expect([...table.keys()].filter((r) => !declared.includes(r))).toEqual([]);
  });

  it('declares who may use every route', () => {
    expect(routes.filter((r) => !r.access || !ACCESS_LEVELS.includes(r.access)).map(tableName)).toEqual([]);
  });

  for (const role of ROLES) {
    it(`answers ${role} as the table says`, async () => {
      const wrong: string[] = [];
      for (const route of routes) {
        const cell = table.get(tableName(route));
        if (!cell) continue;
        const expected = cell[role];
        const url = urlOf(route, own[role]);
        const res = await ask(role, route, url);
        const say = (what: string, r = res) => wrong.push(`${tableName(route)} as ${role} (${expected}) ${what}: ${r.statusCode}`);
        if (expected === '—') {
          if (!refused(res)) say('was let in');
          continue;
        }
        if (refused(res) || res.statusCode >= 500) say('was refused or failed');
        else if (expected === 'own' && route.method === 'GET' && res.statusCode >= 400 && !asksEngine(route)) say('could not read its own');
        if (expected !== 'own' || !/:(id|body|seat)\b/.test(route.url)) continue;
        const theirs = await ask(role, route, urlOf(route, other[role]));
        // A form or JSON body that does not validate is turned away before the service looks at whose record it names.
        const kept = [403, 404].includes(theirs.statusCode) || (route.method !== 'GET' && theirs.statusCode === 400);
        if (!kept) say("reached another body's record", theirs);
      }
      expect(wrong).toEqual([]);
    });
  }
});
