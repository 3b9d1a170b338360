import { and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { pageRoundReason } from './rounds';
import { stockholmInstant } from '../../core/time';
import { cycleProblems, openProblemCount } from './problems';
import { activity, decisionItems, meetingItems, progressByParty, taskItems } from './work-items';

/**
 * What the dashboard pages show, read from the projections in PostgreSQL only: the pages work
 * while no worker runs, and they never wait on Temporal.
 */

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
