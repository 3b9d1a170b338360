import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import type { CycleDefinitionInput } from '../../core/definition';
import { eventually, injectAs } from './app';

/**
 * A year whose follow-up steps run at once: a small action plan of three measures under goals 1
 * and 2 (one of them joint: Polisen leads, Åklagarmyndigheten co-owns), and a cycle whose two
 * steps give each measure's owners a task at the start, so the follow-up has work without a
 * proposal and a decision first.
 */

export const FOLLOW_UP_KEY = 'uppfoljning-av-atgarder';
export const FOLLOW_UP_YEAR = 2027;
export const FOLLOW_UP_CYCLE = `cycle/${FOLLOW_UP_KEY}/${FOLLOW_UP_YEAR}`;
const PLAN = 'uppfoljningsplan-test';

const assignees = { kind: 'measureOwners', actionPlan: PLAN, via: 'samordningsgrupp' } as const;
export const followUpCycle: CycleDefinitionInput = {
  key: FOLLOW_UP_KEY,
  name: 'Uppföljning av åtgärder',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'folja-upp',
      title: 'Följa upp',
      steps: [
        { key: 'halvar', kind: 'tasks', title: 'Halvårsrapport', assignees, due: 'start+30d' },
        { key: 'uppfoljning', kind: 'tasks', title: 'Uppföljning', assignees, due: 'start+60d', concurrent: true },
      ],
    },
  ],
};

const MEASURES = [
  { code: 'U1.1', title: 'Utbildning om våld i nära relationer', goal: 1, owners: ['polisen'] },
  { code: 'U1.2', title: 'Riskbedömning i frivården', goal: 1, owners: ['kriminalvarden'] },
  { code: 'U2.1', title: 'Gemensamma samråd vid grova brott', goal: 2, owners: ['polisen', 'aklagarmyndigheten'] },
];

/** Each measure task, by measure code and step key: `tasks['U1.1'].halvar`. */
export type ScenarioTasks = Record<string, Record<string, t.Task>>;

async function insertPlan(db: Db) {
  const [strategy] = await db.select().from(t.strategies).limit(1);
  const goals = await db.select().from(t.goals).where(eq(t.goals.strategyId, strategy!.id));
  const orgs = await db.select().from(t.organisations);
  const [plan] = await db
    .insert(t.actionPlans)
    .values({ slug: PLAN, strategyId: strategy!.id, title: 'Uppföljningsplan', periodStart: 2023, periodEnd: 2030 })
    .returning();
  for (const m of MEASURES) {
    const goalId = goals.find((g) => g.number === m.goal)!.id;
    const [row] = await db
      .insert(t.measures)
      .values({ actionPlanId: plan!.id, goalId, code: m.code, title: m.title, joint: m.owners.length > 1 })
      .returning();
    await db
      .insert(t.measureOwners)
      .values(m.owners.map((slug, i) => ({ measureId: row!.id, organisationId: orgs.find((o) => o.slug === slug)!.id, lead: i === 0 })));
  }
}

/** Uploads the definition, starts the year and waits for every measure task. */
export async function startFollowUpYear(db: Db, app: FastifyInstance): Promise<ScenarioTasks> {
  await insertPlan(db);
  const coordinator = { kind: 'coordinator' };
  const uploaded = await injectAs(app, {
    method: 'POST',
    url: '/api/definitions',
    payload: { definition: followUpCycle, actor: coordinator },
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const started = await injectAs(app, {
    method: 'POST',
    url: '/api/cycles',
    payload: { definition: FOLLOW_UP_KEY, year: FOLLOW_UP_YEAR, actor: coordinator },
  });
  expect(started.statusCode, started.body).toBe(201);
  const rows = await eventually(async () => {
    const found = await db
      .select({ task: t.tasks, code: t.measures.code })
      .from(t.tasks)
      .innerJoin(t.measures, eq(t.measures.id, t.tasks.measureId))
      .where(and(eq(t.tasks.cycleId, FOLLOW_UP_CYCLE), isNotNull(t.tasks.measureId)));
    return found.length === MEASURES.length * 2 ? found : undefined;
  });
  const tasks: ScenarioTasks = {};
  for (const { task, code } of rows) (tasks[code] ??= {})[task.stepKey!] = task;
  return tasks;
}

/** The follow-up rows of these tasks. */
export const followUpRows = (db: Db, taskIds: string[]) =>
  db.select().from(t.measureFollowUps).where(inArray(t.measureFollowUps.taskId, taskIds));
