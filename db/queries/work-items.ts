import { asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/** The dashboard's items, each read from the projections with what its lists show: work, decisions, meetings, activity. */

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

export async function taskItems(db: Db, where: SQL | undefined, now: Date): Promise<WorkItem[]> {
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

export async function decisionItems(db: Db, where: SQL | undefined): Promise<DecisionItem[]> {
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

export async function meetingItems(db: Db, where: SQL | undefined, limit: number): Promise<MeetingItem[]> {
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

export function activity(db: Db, where: SQL | undefined, limit: number): Promise<ActivityItem[]> {
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
