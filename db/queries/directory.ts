import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Directory } from '../../core/plan-types';
import type { Db } from '../client';
import * as t from '../schema';

/** The holder on duty for a seat on a Stockholm date; seats without one are vacant. */
export const currentHolderOn = (day: string) =>
  and(lte(t.holders.validFrom, day), or(isNull(t.holders.validTo), gte(t.holders.validTo, day)));

export function listOrganisations(db: Db) {
  return db.select().from(t.organisations).orderBy(asc(t.organisations.participation), asc(t.organisations.name));
}

export interface SeatWithHolder {
  id: string;
  slug: string;
  title: string;
  mandate: t.Seat['mandate'];
  organisation: { id: string; slug: string; shortName: string };
  holder: { id: string; name: string; email: string } | null;
}

export interface BodyWithSeats {
  id: string;
  slug: string;
  name: string;
  kind: t.Body['kind'];
  description: string;
  retiredOn: string | null;
  /** Seeded to show a programme's shape, not a real body. */
  example: boolean;
  convenor: { id: string; shortName: string } | null;
  seats: SeatWithHolder[];
}

export async function listBodiesWithSeats(db: Db, day: string): Promise<BodyWithSeats[]> {
  const [bodies, orgs, rows] = await Promise.all([
    db.select().from(t.bodies).orderBy(asc(t.bodies.createdAt), asc(t.bodies.slug)),
    db.select().from(t.organisations),
    db
      .select({ seat: t.seats, holder: t.holders })
      .from(t.seats)
      .leftJoin(t.holders, and(eq(t.holders.seatId, t.seats.id), currentHolderOn(day)))
      .orderBy(asc(t.seats.slug)),
  ]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  return bodies.map((b) => {
    const convenor = b.convenorOrganisationId ? orgById.get(b.convenorOrganisationId) : undefined;
    return {
      id: b.id,
      slug: b.slug,
      name: b.name,
      kind: b.kind,
      description: b.description,
      retiredOn: b.retiredOn,
      example: b.example,
      convenor: convenor ? { id: convenor.id, shortName: convenor.shortName } : null,
      seats: rows
        .filter((r) => r.seat.bodyId === b.id)
        .map(({ seat, holder }) => {
          const org = orgById.get(seat.organisationId)!;
          return {
            id: seat.id,
            slug: seat.slug,
            title: seat.title,
            mandate: seat.mandate,
            organisation: { id: org.id, slug: org.slug, shortName: org.shortName },
            holder: holder ? { id: holder.id, name: holder.name, email: holder.email } : null,
          };
        }),
    };
  });
}

/** A seat by uuid or by slug (`styrgrupp/polisen`). */
export async function findSeat(db: Db, ref: string): Promise<t.Seat | undefined> {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const [seat] = await db
    .select()
    .from(t.seats)
    .where(byId ? eq(t.seats.id, ref) : eq(t.seats.slug, ref));
  return seat;
}

/** Seats, measures and action plans in the shape the year plan resolves against. */
export async function loadDirectory(db: Db): Promise<Directory> {
  const [seatRows, measureRows, ownerRows, plans] = await Promise.all([
    db
      .select({
        id: t.seats.id,
        slug: t.seats.slug,
        bodySlug: t.bodies.slug,
        organisationSlug: t.organisations.slug,
        organisationName: t.organisations.shortName,
        mandate: t.seats.mandate,
        title: t.seats.title,
      })
      .from(t.seats)
      .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
      .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
      // Retired seats and bodies stay in history but get no new work.
      .where(and(isNull(t.seats.retiredOn), isNull(t.bodies.retiredOn)))
      .orderBy(asc(t.seats.slug)),
    db
      .select({ id: t.measures.id, code: t.measures.code, title: t.measures.title, actionPlanSlug: t.actionPlans.slug })
      .from(t.measures)
      .innerJoin(t.actionPlans, eq(t.actionPlans.id, t.measures.actionPlanId))
      .where(isNull(t.measures.retiredOn)),
    db
      .select({ measureId: t.measureOwners.measureId, organisationSlug: t.organisations.slug })
      .from(t.measureOwners)
      .innerJoin(t.organisations, eq(t.organisations.id, t.measureOwners.organisationId))
      // The lead owner first: a joint measure's shared task goes to the lead's seat.
      .orderBy(desc(t.measureOwners.lead), asc(t.organisations.slug)),
    db.select({ slug: t.actionPlans.slug }).from(t.actionPlans),
  ]);
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'sv', { numeric: true });
  return {
    seats: seatRows,
    measures: measureRows.sort(byCode).map((m) => ({
      ...m,
      owners: ownerRows.filter((o) => o.measureId === m.id).map((o) => o.organisationSlug),
    })),
    actionPlans: plans.map((p) => p.slug),
  };
}

/** Who sits on a seat on a Stockholm date; undefined when the seat is vacant. */
export async function holderOn(db: Db, seatId: string, day: string): Promise<t.Holder | undefined> {
  const [holder] = await db
    .select()
    .from(t.holders)
    .where(and(eq(t.holders.seatId, seatId), currentHolderOn(day)))
    .orderBy(desc(t.holders.validFrom))
    .limit(1);
  return holder;
}

/** The coordinator's seat: the coordination office's seat with the coordinator mandate. */
export async function coordinatorSeat(db: Db): Promise<t.Seat | undefined> {
  const [row] = await db
    .select({ seat: t.seats })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(and(eq(t.seats.mandate, 'coordinator'), eq(t.bodies.kind, 'coordination_office')))
    .limit(1);
  return row?.seat;
}

/** Every seat of the bodies in which the given seats sit, with those bodies: what a member reads. */
export async function seatsBesideSeats(db: Db, seatIds: string[]): Promise<{ bodyIds: string[]; seatIds: string[] }> {
  if (!seatIds.length) return { bodyIds: [], seatIds: [] };
  const own = await db.select({ bodyId: t.seats.bodyId }).from(t.seats).where(inArray(t.seats.id, seatIds));
  const bodyIds = [...new Set(own.map((s) => s.bodyId))];
  const beside = await db.select({ id: t.seats.id }).from(t.seats).where(inArray(t.seats.bodyId, bodyIds));
  return { bodyIds, seatIds: beside.map((s) => s.id) };
}
