import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { pageRoundReason } from './rounds';
import { stockholmInstant } from '../../core/time';
import { cycleProblems, openProblemCount } from './problems';

/**
 * What the dashboard pages show, read from the projections in PostgreSQL only: the pages work
 * while no worker runs, and they never wait on Temporal.
 */

export interface WorkItem {
  id: string;
  kind: 'task' | 'decision';
  cycleId: string | null;
  stepKey: string | null;
  title: string;
  status: string;
  dueAt: Date;
  late: boolean;
  seatId: string;
  seatSlug: string;
  seatTitle: string;
  organisationSlug: string;
  organisationName: string;
  completedAt: Date | null;
}

const taskColumns = {
  id: t.tasks.id,
  cycleId: t.tasks.cycleId,
  stepKey: t.tasks.stepKey,
  title: t.tasks.title,
  status: t.tasks.status,
  dueAt: t.tasks.dueAt,
  overdueSince: t.tasks.overdueSince,
  completedAt: t.tasks.completedAt,
  seatId: t.tasks.seatId,
  seatSlug: t.seats.slug,
  seatTitle: t.seats.title,
  organisationSlug: t.organisations.slug,
  organisationName: t.organisations.shortName,
};

async function taskItems(db: Db, where: SQL | undefined, now: Date): Promise<WorkItem[]> {
  const rows = await db
    .select(taskColumns)
    .from(t.tasks)
    .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(where)
    .orderBy(asc(t.tasks.dueAt), asc(t.tasks.title), asc(t.organisations.shortName), asc(t.seats.slug), asc(t.tasks.id));
  return rows.map(({ overdueSince, ...r }) => ({
    ...r,
    kind: 'task' as const,
    late: r.status === 'open' && (overdueSince !== null || r.dueAt < now),
  }));
}

export interface DecisionItem {
  id: string;
  cycleId: string | null;
  stepKey: string | null;
  round: number;
  title: string;
  question: string;
  status: string;
  outcome: string | null;
  dueAt: Date;
  bodyName: string;
  voterSeatIds: string[];
  showTally: boolean;
  tally: { approve: number; reject: number; changes: number };
  voted: string[];
}

async function decisionItems(db: Db, where: SQL | undefined): Promise<DecisionItem[]> {
  const rows = await db
    .select({
      id: t.decisions.id,
      cycleId: t.decisions.cycleId,
      stepKey: t.decisions.stepKey,
      round: t.decisions.round,
      title: t.decisions.title,
      question: t.decisions.question,
      status: t.decisions.status,
      outcome: t.decisions.outcome,
      dueAt: t.decisions.dueAt,
      bodyName: t.bodies.name,
      voterSeatIds: t.decisions.voterSeatIds,
      showTally: t.decisions.showTally,
    })
    .from(t.decisions)
    .innerJoin(t.bodies, eq(t.bodies.id, t.decisions.bodyId))
    .where(where)
    .orderBy(asc(t.decisions.dueAt), asc(t.decisions.id));
  if (!rows.length) return [];
  const votes = await db
    .select({ decisionId: t.votes.decisionId, seatId: t.votes.seatId, choice: t.votes.choice })
    .from(t.votes)
    .where(
      inArray(
        t.votes.decisionId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => {
    const mine = votes.filter((v) => v.decisionId === r.id);
    const count = (c: string) => mine.filter((v) => v.choice === c).length;
    return {
      ...r,
      tally: { approve: count('approve'), reject: count('reject'), changes: count('changes') },
      voted: mine.map((v) => v.seatId),
    };
  });
}

export interface MeetingItem {
  id: string;
  bodyName: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  host: string | null;
  location: string;
}

async function meetingItems(db: Db, where: SQL | undefined, limit: number): Promise<MeetingItem[]> {
  return db
    .select({
      id: t.meetings.id,
      bodyName: t.bodies.name,
      startsAt: t.meetings.startsAt,
      endsAt: t.meetings.endsAt,
      status: t.meetings.status,
      host: t.organisations.shortName,
      location: t.meetings.location,
    })
    .from(t.meetings)
    .innerJoin(t.bodies, eq(t.bodies.id, t.meetings.bodyId))
    .leftJoin(t.organisations, eq(t.organisations.id, t.meetings.hostOrganisationId))
    .where(where)
    .orderBy(asc(t.meetings.startsAt), asc(t.meetings.id))
    .limit(limit);
}

export interface ActivityItem {
  at: Date;
  action: string;
  targetKind: string;
  targetId: string;
  actorKind: string;
  actorName: string | null;
  detail: unknown;
}

const activityColumns = {
  at: t.auditEvents.at,
  action: t.auditEvents.action,
  targetKind: t.auditEvents.targetKind,
  targetId: t.auditEvents.targetId,
  actorKind: t.auditEvents.actorKind,
  actorName: t.holders.name,
  detail: t.auditEvents.detail,
};

function activity(db: Db, where: SQL | undefined, limit: number): Promise<ActivityItem[]> {
  return db
    .select(activityColumns)
    .from(t.auditEvents)
    .leftJoin(t.holders, eq(t.holders.id, t.auditEvents.actorHolderId))
    .where(where)
    .orderBy(desc(t.auditEvents.at), desc(t.auditEvents.id))
    .limit(limit);
}

export interface PartyProgress {
  organisationSlug: string;
  organisationName: string;
  done: number;
  open: number;
  late: number;
}

export function progressByParty(tasks: WorkItem[]): PartyProgress[] {
  const byOrg = new Map<string, PartyProgress>();
  for (const task of tasks) {
    if (task.status === 'cancelled' || task.status === 'skipped') continue;
    const p = byOrg.get(task.organisationSlug) ?? {
      organisationSlug: task.organisationSlug,
      organisationName: task.organisationName,
      done: 0,
      open: 0,
      late: 0,
    };
    if (task.status === 'done') p.done++;
    else if (task.late) p.late++;
    else p.open++;
    byOrg.set(task.organisationSlug, p);
  }
  return [...byOrg.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'sv'));
}

export type CycleRow = typeof t.cycles.$inferSelect & { definitionName: string; definitionKey: string; definitionVersion: number };

/** Cycles for lists, with how many of their workflows need action. */
export async function listCycleRows(db: Db): Promise<(Omit<CycleRow, 'plan' | 'steps'> & { problems: number })[]> {
  return db
    .select({
      id: t.cycles.id,
      definitionId: t.cycles.definitionId,
      year: t.cycles.year,
      status: t.cycles.status,
      currentPhase: t.cycles.currentPhase,
      startedAt: t.cycles.startedAt,
      closedAt: t.cycles.closedAt,
      closeReason: t.cycles.closeReason,
      updatedAt: t.cycles.updatedAt,
      definitionName: t.cycleDefinitions.name,
      definitionKey: t.cycleDefinitions.key,
      definitionVersion: t.cycleDefinitions.version,
      problems: openProblemCount,
    })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .orderBy(sql`${t.cycles.status} <> 'running'`, desc(t.cycles.year), asc(t.cycles.id))
    .limit(200);
}

export async function cycleOverview(db: Db, cycleId: string, now: Date) {
  const [cycle] = await db
    .select({
      cycle: t.cycles,
      definitionName: t.cycleDefinitions.name,
      definitionKey: t.cycleDefinitions.key,
      definitionVersion: t.cycleDefinitions.version,
    })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(eq(t.cycles.id, cycleId));
  if (!cycle) return undefined;
  const [tasks, decisions, meetings, problems] = await Promise.all([
    taskItems(db, eq(t.tasks.cycleId, cycleId), now),
    decisionItems(db, eq(t.decisions.cycleId, cycleId)),
    meetingItems(db, and(gte(t.meetings.endsAt, now), eq(t.meetings.status, 'planned')), 6),
    cycleProblems(db, cycleId),
  ]);
  // Named targets, so the lookup walks the (target_kind, target_id, at) index.
  const recent = await activity(
    db,
    or(
      and(eq(t.auditEvents.targetKind, 'cycle'), eq(t.auditEvents.targetId, cycleId)),
      tasks.length
        ? and(
            eq(t.auditEvents.targetKind, 'task'),
            inArray(
              t.auditEvents.targetId,
              tasks.map((x) => x.id),
            ),
          )
        : undefined,
      decisions.length
        ? and(
            eq(t.auditEvents.targetKind, 'decision'),
            inArray(
              t.auditEvents.targetId,
              decisions.map((x) => x.id),
            ),
          )
        : undefined,
    ),
    15,
  );
  return {
    cycle: {
      ...cycle.cycle,
      definitionName: cycle.definitionName,
      definitionKey: cycle.definitionKey,
      definitionVersion: cycle.definitionVersion,
    },
    tasks,
    decisions,
    meetings,
    recent,
    parties: progressByParty(tasks),
    problems,
  };
}

/** Decisions in which any of these seats votes. */
const votedOnBy = (seatIds: string[]) =>
  sql`${t.decisions.voterSeatIds} ?| array[${sql.join(
    seatIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::text[]`;

/** Everything one party owes and has delivered in a year, across cycles. */
export async function partyYear(db: Db, organisationSlug: string, year: number, now: Date) {
  const [organisation] = await db.select().from(t.organisations).where(eq(t.organisations.slug, organisationSlug));
  if (!organisation) return undefined;
  // The year as Stockholm counts it: from 1 January 00:00 to the next 1 January 00:00.
  const from = stockholmInstant({ year, month: 1, day: 1 }, 0, 0);
  const to = stockholmInstant({ year: year + 1, month: 1, day: 1 }, 0, 0);
  const ids = (await db.select({ id: t.seats.id }).from(t.seats).where(eq(t.seats.organisationId, organisation.id))).map((s) => s.id);
  if (!ids.length) return { organisation, year, tasks: [], decisions: [], hosting: [] };
  const [tasks, votedOn, hosting] = await Promise.all([
    taskItems(db, and(inArray(t.tasks.seatId, ids), gte(t.tasks.dueAt, from), lt(t.tasks.dueAt, to)), now),
    decisionItems(db, and(gte(t.decisions.dueAt, from), lt(t.decisions.dueAt, to), votedOnBy(ids))),
    meetingItems(
      db,
      and(eq(t.meetings.hostOrganisationId, organisation.id), gte(t.meetings.startsAt, from), lt(t.meetings.startsAt, to)),
      50,
    ),
  ]);
  const decisions = votedOn.map((d) => ({ ...d, seats: d.voterSeatIds.filter((s) => ids.includes(s)) }));
  return { organisation, year, tasks, decisions, hosting };
}

/** Open tasks and votes of the seats a signed-in holder holds today. */
export async function myWork(db: Db, seatIds: string[], now: Date) {
  if (!seatIds.length) return { tasks: [], decisions: [] };
  const tasks = await taskItems(db, and(inArray(t.tasks.seatId, seatIds), eq(t.tasks.status, 'open')), now);
  const open = await decisionItems(db, and(eq(t.decisions.status, 'open'), votedOnBy(seatIds)));
  const decisions = open.map((d) => ({ ...d, seats: d.voterSeatIds.filter((s) => seatIds.includes(s)) }));
  return { tasks, decisions };
}

export async function taskDetail(db: Db, id: string, now: Date) {
  const [[item], [row], history] = await Promise.all([
    taskItems(db, eq(t.tasks.id, id), now),
    db.select().from(t.tasks).where(eq(t.tasks.id, id)),
    targetHistory(db, 'task', id),
  ]);
  return item && row ? { item, row, roundReason: await pageRoundReason(db, row), ...history } : undefined;
}

export async function decisionDetail(db: Db, id: string) {
  const [item] = await decisionItems(db, eq(t.decisions.id, id));
  if (!item) return undefined;
  const voters = item.voterSeatIds.length
    ? await db
        .select({ seatId: t.seats.id, seatSlug: t.seats.slug, seatTitle: t.seats.title, organisationName: t.organisations.shortName })
        .from(t.seats)
        .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
        .where(inArray(t.seats.id, item.voterSeatIds))
    : [];
  const [votes, roundReason, history] = await Promise.all([
    db.select().from(t.votes).where(eq(t.votes.decisionId, id)),
    pageRoundReason(db, item),
    targetHistory(db, 'decision', id),
  ]);
  return { item, voters, votes, roundReason, ...history };
}

/** What happened to a task, decision or meeting, oldest first, and the mail sent about it. */
export async function targetHistory(db: Db, kind: 'task' | 'decision' | 'meeting', id: string) {
  const [history, mail] = await Promise.all([
    activity(db, and(eq(t.auditEvents.targetKind, kind), eq(t.auditEvents.targetId, id)), 200),
    mailFor(db, kind, id),
  ]);
  return { history: history.reverse(), mail };
}

function mailFor(db: Db, kind: string, id: string) {
  return db
    .select({
      id: t.mailOutbox.id,
      kind: t.mailOutbox.kind,
      toName: t.mailOutbox.toName,
      subject: t.mailOutbox.subject,
      status: t.mailOutbox.status,
      attempts: t.mailOutbox.attempts,
      createdAt: t.mailOutbox.createdAt,
      sentAt: t.mailOutbox.sentAt,
    })
    .from(t.mailOutbox)
    .where(and(eq(t.mailOutbox.targetKind, kind), eq(t.mailOutbox.targetId, id)))
    .orderBy(asc(t.mailOutbox.createdAt), asc(t.mailOutbox.id));
}
