import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { findSeat } from './directory';
import { agendaFacts } from './meetings';
import { agendaAsOf, type AgendaFacts, type AgendaItem } from '../../core/meetings';

/** What a seat's open work lists of a decision it votes in. */
const openDecisionFields = {
  id: t.decisions.id,
  title: t.decisions.title,
  question: t.decisions.question,
  dueAt: t.decisions.dueAt,
  cycleId: t.decisions.cycleId,
  bodyId: t.decisions.bodyId,
  round: t.decisions.round,
};
/** A seat with its body, organisation and every holder it has had, newest first. */
export interface SeatRecord {
  seat: t.Seat;
  body: t.Body;
  organisation: t.Organisation;
  holders: t.Holder[];
}

/** The holder on a Stockholm date among a seat's holders, if any. */
export const holderOnDay = (holders: t.Holder[], day: string) =>
  holders.find((h) => h.validFrom <= day && (h.validTo === null || h.validTo >= day));

export async function seatRecord(db: Db, ref: string): Promise<SeatRecord | undefined> {
  const seat = await findSeat(db, ref);
  if (!seat) return undefined;
  const [[body], [organisation], holders] = await Promise.all([
    db.select().from(t.bodies).where(eq(t.bodies.id, seat.bodyId)),
    db.select().from(t.organisations).where(eq(t.organisations.id, seat.organisationId)),
    db.select().from(t.holders).where(eq(t.holders.seatId, seat.id)).orderBy(desc(t.holders.validFrom)),
  ]);
  return { seat, body: body!, organisation: organisation!, holders };
}

/** A body with its convenor and each seat's record. */
export async function bodyRecord(
  db: Db,
  slug: string,
): Promise<{ body: t.Body; convenor: t.Organisation | null; seats: SeatRecord[] } | undefined> {
  const [body] = await db.select().from(t.bodies).where(eq(t.bodies.slug, slug));
  if (!body) return undefined;
  const [orgs, seats] = await Promise.all([
    db.select().from(t.organisations),
    db.select().from(t.seats).where(eq(t.seats.bodyId, body.id)).orderBy(asc(t.seats.slug)),
  ]);
  const holders = seats.length
    ? await db
        .select()
        .from(t.holders)
        .where(
          inArray(
            t.holders.seatId,
            seats.map((s) => s.id),
          ),
        )
        .orderBy(desc(t.holders.validFrom))
    : [];
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  return {
    body,
    convenor: (body.convenorOrganisationId && orgById.get(body.convenorOrganisationId)) || null,
    seats: seats.map((seat) => ({
      seat,
      body,
      organisation: orgById.get(seat.organisationId)!,
      holders: holders.filter((h) => h.seatId === seat.id),
    })),
  };
}

/** Seats per organisation and body, for the organisations page. */
export async function seatCounts(db: Db): Promise<{ organisationId: string; seats: number }[]> {
  return db
    .select({ organisationId: t.seats.organisationId, seats: sql<number>`count(*)::int` })
    .from(t.seats)
    .groupBy(t.seats.organisationId);
}

export interface OpenWork {
  /** `lead`: the seat submits the task; otherwise it is a co-owner of a shared task and writes its part. */
  tasks: { id: string; title: string; dueAt: Date; cycleId: string | null; stepKey: string | null; round: number; lead: boolean }[];
  decisions: { id: string; title: string; question: string; dueAt: Date; cycleId: string | null; bodyId: string; round: number }[];
}

/** Open decisions in which a seat votes. */
const votesIn = (seatId: string) => sql`${t.decisions.voterSeatIds} @> ${JSON.stringify([seatId])}::jsonb`;

/** The open tasks a seat owes and the open decisions it votes in: the work a new holder takes over. */
export async function openWorkOfSeat(db: Db, seatId: string): Promise<OpenWork> {
  const [tasks, decisions] = await Promise.all([
    db
      .select({
        id: t.tasks.id,
        title: t.tasks.title,
        dueAt: t.tasks.dueAt,
        cycleId: t.tasks.cycleId,
        stepKey: t.tasks.stepKey,
        round: t.tasks.round,
        lead: sql<boolean>`${t.tasks.seatId} = ${seatId}`,
      })
      .from(t.tasks)
      .where(
        and(or(eq(t.tasks.seatId, seatId), sql`${t.tasks.coSeatIds} @> ${JSON.stringify([seatId])}::jsonb`), eq(t.tasks.status, 'open')),
      )
      .orderBy(asc(t.tasks.dueAt)),
    db
      .select(openDecisionFields)
      .from(t.decisions)
      .where(and(eq(t.decisions.status, 'open'), votesIn(seatId)))
      .orderBy(asc(t.decisions.dueAt)),
  ]);
  return { tasks, decisions };
}

/** What a seat still owes: its open tasks, and the open decisions it has not voted in. */
export async function owedBySeat(db: Db, seatId: string): Promise<OpenWork> {
  const work = await openWorkOfSeat(db, seatId);
  if (!work.decisions.length) return work;
  const voted = await db
    .select({ decisionId: t.votes.decisionId })
    .from(t.votes)
    .where(
      and(
        eq(t.votes.seatId, seatId),
        inArray(
          t.votes.decisionId,
          work.decisions.map((d) => d.id),
        ),
      ),
    );
  const done = new Set(voted.map((v) => v.decisionId));
  return { tasks: work.tasks, decisions: work.decisions.filter((d) => !done.has(d.id)) };
}

export interface FeedItems {
  tasks: (Omit<OpenWork['tasks'][number], 'lead'> & { instructions: string; seatTitle: string })[];
  decisions: OpenWork['decisions'];
  meetings: (Omit<typeof t.meetings.$inferSelect, 'agenda'> & {
    agenda: (AgendaItem & AgendaFacts)[];
    host: string | null;
    seriesTitle: string | null;
  })[];
}

/** What a calendar feed lists: open deadlines of the seats, a body's open decisions and its meetings (agendas as the records stand). */
export async function feedItems(db: Db, scope: { seatIds: string[]; bodyId: string; decisions: 'voter' | 'body' }): Promise<FeedItems> {
  const { seatIds, bodyId } = scope;
  const [tasks, decisions, meetings] = await Promise.all([
    seatIds.length
      ? db
          .select({
            id: t.tasks.id,
            title: t.tasks.title,
            instructions: t.tasks.instructions,
            dueAt: t.tasks.dueAt,
            cycleId: t.tasks.cycleId,
            stepKey: t.tasks.stepKey,
            round: t.tasks.round,
            seatTitle: t.seats.title,
          })
          .from(t.tasks)
          .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
          .where(and(inArray(t.tasks.seatId, seatIds), eq(t.tasks.status, 'open')))
          .orderBy(asc(t.tasks.dueAt))
      : [],
    db
      .select(openDecisionFields)
      .from(t.decisions)
      .where(and(eq(t.decisions.status, 'open'), scope.decisions === 'body' ? eq(t.decisions.bodyId, bodyId) : votesIn(seatIds[0] ?? '')))
      .orderBy(asc(t.decisions.dueAt)),
    db
      .select({ meeting: t.meetings, host: t.organisations.shortName, seriesTitle: t.meetingSeries.title })
      .from(t.meetings)
      .leftJoin(t.organisations, eq(t.organisations.id, t.meetings.hostOrganisationId))
      .leftJoin(t.meetingSeries, eq(t.meetingSeries.id, t.meetings.seriesId))
      .where(and(eq(t.meetings.bodyId, bodyId), ne(t.meetings.status, 'cancelled')))
      .orderBy(asc(t.meetings.startsAt)),
  ]);
  const facts = await agendaFacts(
    db,
    meetings.flatMap((m) => m.meeting.agenda.flatMap((a) => (a.key ? [a.key] : []))),
  );
  return {
    tasks,
    decisions,
    meetings: meetings.map((m) => ({
      ...m.meeting,
      agenda: agendaAsOf(m.meeting.agenda, m.meeting.startsAt, facts),
      host: m.host,
      seriesTitle: m.seriesTitle,
    })),
  };
}

export async function strategies(db: Db) {
  const [strategyRows, goalRows, planRows] = await Promise.all([
    db.select().from(t.strategies).orderBy(desc(t.strategies.periodStart)),
    db.select().from(t.goals).orderBy(asc(t.goals.number)),
    db.select().from(t.actionPlans).orderBy(desc(t.actionPlans.periodStart)),
  ]);
  return strategyRows.map((s) => ({
    ...s,
    goals: goalRows.filter((g) => g.strategyId === s.id),
    actionPlans: planRows.filter((p) => p.strategyId === s.id).map(({ strategyId: _s, ...p }) => p),
  }));
}

export async function measuresWithOwners(db: Db) {
  const [plans, measureRows, owners, goalRows] = await Promise.all([
    db.select().from(t.actionPlans).orderBy(desc(t.actionPlans.periodStart)),
    db.select().from(t.measures),
    db
      .select({
        measureId: t.measureOwners.measureId,
        id: t.organisations.id,
        slug: t.organisations.slug,
        shortName: t.organisations.shortName,
      })
      .from(t.measureOwners)
      .innerJoin(t.organisations, eq(t.organisations.id, t.measureOwners.organisationId))
      .orderBy(asc(t.organisations.shortName)),
    db.select({ id: t.goals.id, number: t.goals.number, title: t.goals.title }).from(t.goals),
  ]);
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'sv', { numeric: true });
  return plans.map((p) => ({
    ...p,
    measures: measureRows
      .filter((m) => m.actionPlanId === p.id)
      .sort(byCode)
      .map(({ actionPlanId: _a, goalId, ...m }) => ({
        ...m,
        goal: goalRows.find((g) => g.id === goalId) ?? null,
        owners: owners.filter((o) => o.measureId === m.id).map(({ measureId: _m, ...o }) => o),
      })),
  }));
}

export async function indicatorsWithValues(db: Db) {
  const [rows, values, goalRows] = await Promise.all([
    db.select().from(t.indicators).orderBy(asc(t.indicators.level), asc(t.indicators.name)),
    db.select().from(t.indicatorValues).orderBy(asc(t.indicatorValues.year), asc(t.indicatorValues.area)),
    db.select({ id: t.goals.id, number: t.goals.number, title: t.goals.title }).from(t.goals),
  ]);
  return rows.map(({ goalId, measureId: _m, ...i }) => ({
    ...i,
    goal: goalRows.find((g) => g.id === goalId) ?? null,
    values: values.filter((v) => v.indicatorId === i.id).map((v) => ({ year: v.year, area: v.area, gender: v.gender, value: v.value })),
  }));
}

/** Every version of every definition, newest version first within a key. */
export async function definitionVersions(db: Db, key?: string) {
  return db
    .select({
      id: t.cycleDefinitions.id,
      key: t.cycleDefinitions.key,
      version: t.cycleDefinitions.version,
      name: t.cycleDefinitions.name,
      createdAt: t.cycleDefinitions.createdAt,
    })
    .from(t.cycleDefinitions)
    .where(key ? eq(t.cycleDefinitions.key, key) : undefined)
    .orderBy(asc(t.cycleDefinitions.key), desc(t.cycleDefinitions.version));
}

/** How many cycles run on each definition version: a version in use cannot change under them. */
export async function cyclesOnDefinition(db: Db, definitionId: string) {
  return db
    .select({ id: t.cycles.id, year: t.cycles.year, status: t.cycles.status })
    .from(t.cycles)
    .where(eq(t.cycles.definitionId, definitionId))
    .orderBy(desc(t.cycles.year));
}
