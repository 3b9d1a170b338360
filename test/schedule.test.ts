import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, testApp, injectAs } from './support/app';
import { toLocal } from '../core/calendar';

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
    await temporal?.client.schedule.getHandle('yearly/kvinnofrid-arshjul').delete().catch(() => undefined);
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  it('is off until the coordinator turns it on; a run starts this year’s cycle once', { timeout: 60_000 }, async () => {
    const off = await injectAs(app, { method: 'GET', url: '/api/definitions/kvinnofrid-arshjul/schedule' });
    expect(off.json()).toEqual({ enabled: false });

    const member = await injectAs(app, { method: 'PUT', url: '/api/definitions/kvinnofrid-arshjul/schedule', payload: { enabled: true, actor: { kind: 'seat', seat: 'styrgrupp/polisen' } } });
    expect(member.statusCode).toBe(403);

    const on = await injectAs(app, { method: 'PUT', url: '/api/definitions/kvinnofrid-arshjul/schedule', payload: { enabled: true, month: 1, day: 10, actor: coordinator } });
    expect(on.statusCode, on.body).toBe(200);
    const next = new Date(on.json().nextStart);
    expect(toLocal(next)).toMatchObject({ month: 1, day: 10, hour: 8, minute: 0 });

    // Run it now, as the schedule would on 10 January, twice: the second finds the cycle running.
    const handle = temporal.client.schedule.getHandle('yearly/kvinnofrid-arshjul');
    await handle.trigger();
    const year = toLocal(new Date()).year;
    const cycleId = `cycle/kvinnofrid-arshjul/${year}`;
    const cycle = await eventually(async () => {
      const [row] = await database.db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
      return row;
    }, 30_000);
    expect(cycle.status).toBe('running');
    const first = await eventually(async () => {
      const runs = (await handle.describe()).info.recentActions;
      return runs.length ? runs : undefined;
    });
    const firstRun = await temporal.client.workflow.getHandle(first[0]!.action.workflow.workflowId, first[0]!.action.workflow.firstExecutionRunId).result();
    expect(firstRun).toEqual({ cycleId, started: true });

    await handle.trigger();
    const second = await eventually(async () => {
      const runs = (await handle.describe()).info.recentActions;
      return runs.length > 1 ? runs : undefined;
    });
    const secondRun = await temporal.client.workflow.getHandle(second[1]!.action.workflow.workflowId, second[1]!.action.workflow.firstExecutionRunId).result();
    expect(secondRun).toEqual({ cycleId, started: false });

    const off2 = await injectAs(app, { method: 'PUT', url: '/api/definitions/kvinnofrid-arshjul/schedule', payload: { enabled: false, actor: coordinator } });
    expect(off2.json()).toEqual({ enabled: false });
    expect((await injectAs(app, { method: 'GET', url: '/api/definitions/kvinnofrid-arshjul/schedule' })).json()).toEqual({ enabled: false });

    await temporal.client.workflow.getHandle(cycleId).terminate('test over');
  });
});
