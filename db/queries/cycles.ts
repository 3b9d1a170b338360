import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { cycleDefinition } from '../../core/definition';
import { resolvePlan } from '../../core/plan';
import { type LateStart, type PassedStep, type PlanIssue, type YearPlan } from '../../core/plan-types';
import { newRotation, planHosts } from '../../core/rotation';
import { stockholmDate } from '../../core/time';
import { meetingBody } from '../../activities/meetings';
import { loadDirectory } from './directory';
import { actionPlansForYear, withActionPlans } from './register';
import { definitionVersion, latestDefinition } from './definitions';
import { loadSeries } from './meetings';
import type { CycleInput } from '../../workflows/cycle';

export type PreparedCycle =
  | { ok: true; input: CycleInput; plan: YearPlan; passed: PassedStep[]; definition: t.CycleDefinitionRow }
  | { ok: false; reason: 'unknownDefinition' }
  | { ok: false; reason: 'invalidPlan'; issues: PlanIssue[] };

/**
 * Resolves a definition version and a year into the cycle workflow's input: the whole year plan,
 * computed once, outside the workflow.
 */
export async function prepareCycle(
  db: Db,
  opts: { definitionKey: string; year: number; version?: number; startAt: Date; late?: LateStart },
): Promise<PreparedCycle> {
  const row = opts.version ? await definitionVersion(db, opts.definitionKey, opts.version) : await latestDefinition(db, opts.definitionKey);
  if (!row) return { ok: false, reason: 'unknownDefinition' };
  const def = withActionPlans(cycleDefinition.parse(row.definition), await actionPlansForYear(db, opts.year));
  const resolved = resolvePlan(def, opts.year, await loadDirectory(db), opts.startAt, opts.late);
  if (!resolved.plan) return { ok: false, reason: 'invalidPlan', issues: resolved.issues };
  return {
    ok: true,
    plan: resolved.plan,
    passed: resolved.passed,
    definition: row,
    input: { cycleId: resolved.plan.cycleId, definitionId: row.id, plan: resolved.plan },
  };
}

export async function findCycle(db: Db, cycleId: string): Promise<t.Cycle | undefined> {
  const [row] = await db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
  return row;
}

/** A body's meetings in the year a cycle would run, with the host of each as far as it is known. */
export interface MeetingPreview {
  bodySlug: string;
  title: string;
  hosting: 'rotating' | 'convenor';
  meetings: {
    startsAt: string;
    endsAt: string;
    /** Over before the start: the series does not hold it. */
    passed: boolean;
    /** Null when nobody can know it yet: a running series has not planned that far. */
    host: { slug: string; name: string } | null;
  }[];
}

/**
 * The year's meetings of each meetings step and their hosts: those a running series has planned,
 * or, for a body without one, the hosts its series would start with (the rotation from the
 * directory's members, or the convenor).
 */
export async function meetingPreview(db: Db, plan: YearPlan, at: Date): Promise<MeetingPreview[]> {
  const steps = plan.phases.flatMap((p) => p.steps).flatMap((s) => (s.meetings ? [s.meetings] : []));
  return Promise.all(
    steps.map(async (m) => {
      const coming = m.dates.filter((d) => Date.parse(d.startsAt) > at.getTime());
      const series = await loadSeries(db, m.bodySlug);
      let names: Record<string, string>;
      let hosts: Map<string, string | null>;
      if (series) {
        names = series.names;
        hosts = new Map(series.meetings.filter((x) => x.status !== 'cancelled').map((x) => [x.startsAt.toISOString(), x.host]));
      } else {
        const body = await meetingBody(db, { bodySlug: m.bodySlug, hostMandates: m.policy.hostMandates, at: at.toISOString() });
        names = body.names;
        const rotated = planHosts(
          newRotation(body.members),
          coming.map((d) => ({ id: d.startsAt, date: stockholmDate(new Date(d.startsAt)), skips: [] })),
        );
        hosts = new Map(
          coming.map((d) => [
            d.startsAt,
            m.policy.hosting === 'convenor' ? body.convenor : rotated.ok ? rotated.hosts.find((h) => h.id === d.startsAt)!.host : null,
          ]),
        );
      }
      return {
        bodySlug: m.bodySlug,
        title: m.title,
        hosting: m.policy.hosting,
        meetings: m.dates.map((d) => {
          const passed = !coming.includes(d);
          const host = passed ? null : (hosts.get(d.startsAt) ?? null);
          return { ...d, passed, host: host ? { slug: host, name: names[host] ?? host } : null };
        }),
      };
    }),
  );
}

/** Cycles, newest year first, with neither their plan nor their steps. */
export async function listCycles(db: Db, filter: { definitionKey?: string; status?: t.Cycle['status'] }) {
  const rows = await db
    .select()
    .from(t.cycles)
    .where(filter.status ? eq(t.cycles.status, filter.status) : undefined)
    .orderBy(desc(t.cycles.year), asc(t.cycles.id));
  return rows
    .filter((r) => !filter.definitionKey || r.id.startsWith(`cycle/${filter.definitionKey}/`))
    .map(({ plan: _p, steps: _s, ...r }) => r);
}

/** A cycle's open tasks past their due date, earliest first. */
export function lateTasksOf(db: Db, cycleId: string, now: Date) {
  return db
    .select({ taskId: t.tasks.id, stepKey: t.tasks.stepKey, seatId: t.tasks.seatId, title: t.tasks.title, dueAt: t.tasks.dueAt })
    .from(t.tasks)
    .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.status, 'open'), lt(t.tasks.dueAt, now)))
    .orderBy(asc(t.tasks.dueAt), asc(t.tasks.id));
}

/** The record of a cycle Temporal has just started; the workflow's own reports fill in the rest. */
export async function recordStartedCycle(db: Db, row: { id: string; definitionId: string; year: number; plan: YearPlan }): Promise<void> {
  await db
    .insert(t.cycles)
    .values({ ...row, status: 'running' })
    .onConflictDoNothing({ target: t.cycles.id });
}

/** Every seat with its organisation's short name, as the start preview names recipients. */
export function seatLabels(db: Db) {
  return db
    .select({ id: t.seats.id, slug: t.seats.slug, title: t.seats.title, org: t.organisations.shortName })
    .from(t.seats)
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId));
}
