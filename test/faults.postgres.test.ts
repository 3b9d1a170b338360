import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema';
import { openDatabase, type Database } from '../db/client';
import { seedAll } from '../db/seed';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, testApp } from './support/app';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { approveOpenDecision, completeOpenTasks, recordedTwice, startCollectAndDecide } from './support/faults';

/**
 * PostgreSQL stopped (`pg_ctl stop -m fast`) while the worker records a phase's end and opens the
 * next, and started again: the activities that failed meanwhile are retried, and the cycle goes
 * on with nothing lost and nothing recorded twice. The server is this file's own, not the shared one.
 */
describe('PostgreSQL restarted mid-cycle', () => {
  let pg: PrivatePostgres;
  let database: Database;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let cycleId: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    database = await openDatabase({ databaseUrl: pg.url });
    await database.migrate();
    await seedAll(database.db);
    temporal = await startTemporal(database.db, 'faults-postgres');
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
    cycleId = await startCollectAndDecide(app, 'omstart-postgres');
    await eventually(async () => ((await tasksOf()).length === 3 ? true : undefined));
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.close();
    await pg?.destroy();
  });

  const tasksOf = () => database.db.select().from(t.tasks).where(eq(t.tasks.cycleId, cycleId));

  it('goes on to the end after a restart while the last task’s completion is being recorded', { timeout: 180_000 }, async () => {
    expect(await completeOpenTasks(app, database.db, cycleId)).toBe(3);
    await pg.stop();
    await pg.start();

    await eventually(async () => ((await approveOpenDecision(app, database.db, cycleId)) > 0 ? true : undefined));
    const [cycle] = await eventually(async () => {
      const rows = await database.db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
      return rows[0]?.status === 'completed' ? rows : undefined;
    });
    expect(cycle!.currentPhase).toBe('beslut');
    expect((await tasksOf()).map((x) => x.status)).toEqual(['done', 'done', 'done']);
    const decisions = await database.db.select().from(t.decisions).where(eq(t.decisions.cycleId, cycleId));
    expect(decisions.map((d) => [d.status, d.outcome])).toEqual([['closed', 'approved']]);
    expect(await database.db.select().from(t.votes).where(eq(t.votes.decisionId, decisions[0]!.id))).toHaveLength(7);
    expect(await recordedTwice(database.db)).toEqual([]);
  });
});
