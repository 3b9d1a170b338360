import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, testApp, injectAs } from './support/app';
import { toLocal } from '../core/time';

const coordinator = { kind: 'coordinator' } as const;

/** The wheel turns by itself when asked: a Temporal Schedule per definition, off by default. */
describe('the yearly schedule of a definition', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `schedule-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
  });
  afterAll(async () => {
    for (const key of ['arlig-insamling', 'nyarsinsamling', 'granskad-insamling'])
      await temporal?.client.schedule
        .getHandle(`yearly/${key}`)
        .delete()
        .catch(() => undefined);
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  /** A yearly collection whose work is due a month after it starts: never late, whatever the day. */
  const collection = (key: string, due: string) => ({
    key,
    name: 'Årlig insamling',
    phases: [
      {
        key: 'insamling',
        title: 'Insamling',
        steps: [
          { key: 'underlag', kind: 'tasks', title: 'Underlag', assignees: { kind: 'seats', seats: ['samordningsgrupp/polisen'] }, due },
        ],
      },
    ],
  });
  const upload = async (definition: object) => {
    const res = await injectAs(app, { method: 'POST', url: '/api/definitions', payload: { definition, actor: coordinator } });
    expect(res.statusCode, res.body).toBe(201);
  };
  const turnOn = async (key: string) => {
    const on = await injectAs(app, {
      method: 'PUT',
      url: `/api/definitions/${key}/schedule`,
      payload: { enabled: true, month: 1, day: 10, actor: coordinator },
    });
    expect(on.statusCode, on.body).toBe(200);
    return on.json<{ nextStart: string }>();
  };
  /** The result of the schedule's nth run (0-based), once it has one. */
  const run = async (key: string, n: number) => {
    const handle = temporal.client.schedule.getHandle(`yearly/${key}`);
    const runs = await eventually(async () => {
      const recent = (await handle.describe()).info.recentActions;
      return recent.length > n ? recent : undefined;
    });
    return temporal.client.workflow.getHandle(runs[n]!.action.workflow.workflowId, runs[n]!.action.workflow.firstExecutionRunId).result();
  };

  it('is off until the coordinator turns it on, and only the coordinator may', async () => {
    const off = await injectAs(app, { method: 'GET', url: '/api/definitions/kvinnofrid-arshjul/schedule' });
    expect(off.json()).toEqual({ enabled: false });
    const member = await injectAs(app, {
      method: 'PUT',
      url: '/api/definitions/kvinnofrid-arshjul/schedule',
      payload: { enabled: true, actor: { kind: 'seat', seat: 'styrgrupp/polisen' } },
    });
    expect(member.statusCode).toBe(403);
  });

  it('a run starts this year’s cycle once; it can be turned off again', { timeout: 60_000 }, async () => {
    await upload(collection('arlig-insamling', 'start+30d'));
    const { nextStart } = await turnOn('arlig-insamling');
    expect(toLocal(new Date(nextStart))).toMatchObject({ month: 1, day: 10, hour: 8, minute: 0 });

    // Run it now, as the schedule would on 10 January, twice: the second finds the cycle running.
    const handle = temporal.client.schedule.getHandle('yearly/arlig-insamling');
    await handle.trigger();
    const cycleId = `cycle/arlig-insamling/${toLocal(new Date()).year}`;
    const cycle = await eventually(async () => {
      const [row] = await database.db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
      return row;
    });
    expect(cycle.status).toBe('running');
    expect(await run('arlig-insamling', 0)).toEqual({ cycleId, started: true });
    await handle.trigger();
    expect(await run('arlig-insamling', 1)).toEqual({ cycleId, started: false });

    const off = await injectAs(app, {
      method: 'PUT',
      url: '/api/definitions/arlig-insamling/schedule',
      payload: { enabled: false, actor: coordinator },
    });
    expect(off.json()).toEqual({ enabled: false });
    expect((await injectAs(app, { method: 'GET', url: '/api/definitions/arlig-insamling/schedule' })).json()).toEqual({ enabled: false });
    await temporal.client.workflow.getHandle(cycleId).terminate('test over');
  });

  it('a run in a year whose deadlines have passed starts nothing, and says a choice is needed', { timeout: 60_000 }, async () => {
    // Due at the first minute of the year: passed on every day the test can run.
    await upload(collection('nyarsinsamling', 'Y-01-01T00:00'));
    await turnOn('nyarsinsamling');
    await temporal.client.schedule.getHandle('yearly/nyarsinsamling').trigger();
    await expect(run('nyarsinsamling', 0)).rejects.toMatchObject({ cause: { message: 'start: late.choiceNeeded' } });
    const cycles = await database.db
      .select()
      .from(t.cycles)
      .where(eq(t.cycles.id, `cycle/nyarsinsamling/${toLocal(new Date()).year}`));
    expect(cycles).toEqual([]);
  });

  it('records each turn on and off in the audit, with the coordinator and the door', async () => {
    await upload(collection('granskad-insamling', 'start+30d'));
    await turnOn('granskad-insamling');
    const off = await injectAs(app, {
      method: 'PUT',
      url: '/api/definitions/granskad-insamling/schedule',
      payload: { enabled: false, actor: coordinator },
    });
    expect(off.statusCode, off.body).toBe(200);
    const rows = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'schedule.set'), eq(t.auditEvents.targetId, 'granskad-insamling')))
      .orderBy(asc(t.auditEvents.id));
    expect(rows.map((r) => [r.actorKind, r.door, r.detail])).toEqual([
      ['coordinator', 'api', { enabled: true, month: 1, day: 10 }],
      ['coordinator', 'api', { enabled: false }],
    ]);
  });
});
