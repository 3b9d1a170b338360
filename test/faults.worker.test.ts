import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import * as t from '../db/schema';
import { eventually } from './support/app';
import { at, simulateWithMail, type MailSimulation } from './support/time-skipping';
import { approveOpenDecision, completeOpenTasks, mailCount, recordedTwice, startCycleOf } from './support/faults';
import { yearOfWork } from './support/definitions';
import { bundleFile } from './support/worker-process';
import { killWorker, spawnKillableWorker } from './support/killable-worker';

/**
 * FAULTS_KILLS (up to LAST_MOMENT, one kill per record) and FAULTS_SEED run it harder or again:
 * `FAULTS_KILLS=40 FAULTS_SEED=42 npx vitest run test/faults.worker.test.ts`.
 */
const KILLS = Number(process.env.FAULTS_KILLS ?? 20);
const SEED = Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31);
const KEY = 'dodad-arbetare';
const CYCLE = `cycle/${KEY}/2027`;
const WEEK = 7 * 24 * 3_600_000;
/** Past the longest timeout of work a killed worker had started: the mail activity's 2 minutes. */
const AFTER_KILL = 3 * 60_000;
/** Kills fall after one of the first this many records, all written well before the year's last vote (a year without kills writes 55). */
const LAST_MOMENT = 40;

/**
 * The workers, in processes of their own, SIGKILLed at moments drawn from a seeded generator while
 * a year of work runs under time skipping: tasks handed in by March and October, reminders before
 * each due date, and a styrgrupp vote in the autumn. Every moment is "after the k-th record" (the
 * k-th audit or outbox row written), so kills fall inside activities, between them, and while
 * timers fire. Two workers poll the queue: the older is killed, the other carries on, and a new one
 * starts. Nothing may be lost or done twice.
 */
describe(`the worker killed ${KILLS} times in a year (FAULTS_SEED=${SEED})`, () => {
  let sim: MailSimulation;
  let bundle: Awaited<ReturnType<typeof bundleFile>>;
  /** The running workers, oldest first, and the one starting. */
  const workers: ChildProcess[] = [];
  let starting: Promise<ChildProcess> | undefined;
  const killedAt: number[] = [];

  const startWorker = () => {
    starting = spawnKillableWorker(
      {
        address: sim.env.address,
        namespace: sim.env.namespace ?? 'default',
        taskQueue: sim.taskQueue,
        databaseUrl: sim.database.url,
        smtpUrl: sim.smtp.url,
      },
      bundle.file,
    );
    // Awaited before the next kill; until then a failed start must not count as unhandled.
    starting.catch(() => {});
  };
  const started = async () => {
    if (starting) workers.push(await starting);
    starting = undefined;
  };

  beforeAll(async () => {
    console.log(`worker kills: FAULTS_SEED=${SEED} FAULTS_KILLS=${KILLS}`);
    sim = await simulateWithMail({ inProcessWorker: false });
    bundle = await bundleFile();
    startWorker();
    await started();
    // The second one joins while the year begins; the first kill waits for it.
    startWorker();
  });
  afterAll(async () => {
    await started().catch(() => {});
    for (const worker of workers) await killWorker(worker);
    await sim?.stop();
    await bundle?.remove();
  });

  const records = async () => {
    const [row] = (await sim.db.execute(
      sql`select (select count(*) from audit_events) + (select count(*) from mail_outbox) as n`,
    )) as unknown as { n: string }[];
    return Number(row!.n);
  };
  const cycle = async () => (await sim.db.select().from(t.cycles).where(eq(t.cycles.id, CYCLE)))[0];

  /**
   * Kills the older worker once the records have passed the next moment, and starts a new one. It
   * is asked between the officials' actions and after each simulated week: the worker dies while
   * it records, mails and times what the last action or timer set going.
   */
  const killIfDue = (moments: number[]) => async () => {
    if (!moments.length || (await records()) < moments[0]!) return;
    killedAt.push(moments.shift()!);
    await started();
    await killWorker(workers.shift()!);
    startWorker();
    // The dead worker's started workflow tasks and activities go to the other worker once their
    // timeouts pass on the test server's clock: skipped here, so that the next action meets none.
    await sim.env.sleep(AFTER_KILL);
  };

  /** One official's action a week, each in its season: hand-ins from February, follow-ups from September, votes from October. */
  const act = async () => {
    const now = await sim.now();
    const phase = (await cycle())?.currentPhase;
    if (phase === 'var' && now >= at('2027-02-08')) return completeOpenTasks(sim.app, sim.db, CYCLE, 1);
    if (phase === 'host' && now >= at('2027-09-06')) return completeOpenTasks(sim.app, sim.db, CYCLE, 1);
    if (phase === 'beslut' && now >= at('2027-10-04')) return approveOpenDecision(sim.app, sim.db, CYCLE, 1);
    return 0;
  };

  it('the year runs to its end however often the worker dies', { timeout: 600_000 }, async () => {
    expect(KILLS, 'FAULTS_KILLS').toBeLessThanOrEqual(LAST_MOMENT);
    await startCycleOf(sim.app, yearOfWork(KEY));

    const [moments] = fc.sample(fc.uniqueArray(fc.integer({ min: 1, max: LAST_MOMENT }), { minLength: KILLS, maxLength: KILLS }), {
      seed: SEED,
      numRuns: 1,
    });
    moments!.sort((a, b) => a - b);
    const killIfDueNow = killIfDue(moments!);

    // A kill still due when the year ends falls in the weeks after it.
    for (let week = 0; (await cycle())?.status !== 'completed' || moments!.length; week++) {
      expect(week, `still in ${(await cycle())?.currentPhase} with ${moments!.length} kills due`).toBeLessThan(60);
      await killIfDueNow();
      await act();
      await killIfDueNow();
      await sim.env.sleep(WEEK);
    }
    console.log(`worker killed after records ${killedAt.join(', ')}; ${await records()} records in all`);
    expect(killedAt).toHaveLength(KILLS);
  });

  it('every task of the year is there once, done', async () => {
    const tasks = await sim.db
      .select({ step: t.tasks.stepKey, seat: t.tasks.seatId, round: t.tasks.round, status: t.tasks.status, n: sql<number>`count(*)::int` })
      .from(t.tasks)
      .where(eq(t.tasks.cycleId, CYCLE))
      .groupBy(t.tasks.stepKey, t.tasks.seatId, t.tasks.round, t.tasks.status);
    expect(tasks.filter((x) => x.n > 1)).toEqual([]);
    expect(tasks.filter((x) => x.step === 'underlag' && x.status === 'done')).toHaveLength(3);
    expect(tasks.filter((x) => x.step === 'uppfoljning' && x.status === 'done')).toHaveLength(2);
    expect(tasks.filter((x) => x.status !== 'done')).toEqual([]);
  });

  it('every vote is there once, and the audit records each piece of work once', async () => {
    const [decision] = await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, CYCLE));
    expect([decision!.status, decision!.outcome]).toEqual(['closed', 'approved']);
    expect(await sim.db.select().from(t.votes).where(eq(t.votes.decisionId, decision!.id))).toHaveLength(7);
    const cast = await sim.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'vote.cast'), eq(t.auditEvents.targetId, decision!.id)));
    expect(cast).toHaveLength(7);
    expect(await recordedTwice(sim.db)).toEqual([]);
  });

  it('every mail in the outbox reaches the SMTP server once', async () => {
    const count = await eventually(async () => {
      const c = await mailCount(sim.db, sim.smtp);
      return c.unsent.length ? undefined : c;
    });
    expect(count).toMatchObject({ repeated: [], lost: [] });
    expect(count.rows.length).toBeGreaterThan(20);
  });
});
