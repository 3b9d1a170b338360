import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { cycleDefinition } from '../../core/definition';
import { resolvePlan, type LateStart, type PassedStep, type PlanIssue, type YearPlan } from '../../core/plan';
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
  const row = opts.version
    ? await definitionVersion(db, opts.definitionKey, opts.version)
    : await latestDefinition(db, opts.definitionKey);
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
        const rotated = planHosts(newRotation(body.members), coming.map((d) => ({ id: d.startsAt, date: stockholmDate(new Date(d.startsAt)), skips: [] })));
        hosts = new Map(coming.map((d) => [d.startsAt, m.policy.hosting === 'convenor' ? body.convenor : rotated.ok ? rotated.hosts.find((h) => h.id === d.startsAt)!.host : null]));
      }
      return {
        bodySlug: m.bodySlug,
        title: m.title,
        hosting: m.policy.hosting,
        meetings: m.dates.map((d) => {
          const passed = !coming.includes(d);
          const host = passed ? null : hosts.get(d.startsAt) ?? null;
          return { ...d, passed, host: host ? { slug: host, name: names[host] ?? host } : null };
        }),
      };
    }),
  );
}
