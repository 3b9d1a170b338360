import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

export interface SeriesView {
  series: t.MeetingSeries;
  body: { id: string; slug: string; name: string };
  /** Short names by organisation slug, for every organisation in the rotation or hosting. */
  names: Record<string, string>;
  meetings: (t.Meeting & { host: string | null })[];
}

/** A body's series and all its meetings, oldest first; undefined when the body has none. */
export async function loadSeries(db: Db, bodySlug: string): Promise<SeriesView | undefined> {
  const [row] = await db
    .select({ series: t.meetingSeries, body: { id: t.bodies.id, slug: t.bodies.slug, name: t.bodies.name } })
    .from(t.meetingSeries)
    .innerJoin(t.bodies, eq(t.bodies.id, t.meetingSeries.bodyId))
    .where(eq(t.bodies.slug, bodySlug));
  if (!row) return undefined;
  const [orgs, meetings] = await Promise.all([
    db.select({ id: t.organisations.id, slug: t.organisations.slug, shortName: t.organisations.shortName }).from(t.organisations),
    db.select().from(t.meetings).where(eq(t.meetings.seriesId, row.series.id)).orderBy(asc(t.meetings.startsAt), asc(t.meetings.number)),
  ]);
  const slugById = new Map(orgs.map((o) => [o.id, o.slug]));
  return {
    ...row,
    names: Object.fromEntries(orgs.map((o) => [o.slug, o.shortName])),
    meetings: meetings.map((m) => ({ ...m, host: m.hostOrganisationId ? slugById.get(m.hostOrganisationId) ?? null : null })),
  };
}

/** Every body's series, for links between the meeting pages. */
export async function listSeries(db: Db): Promise<{ bodySlug: string; title: string }[]> {
  return db
    .select({ bodySlug: t.bodies.slug, title: t.meetingSeries.title })
    .from(t.meetingSeries)
    .innerJoin(t.bodies, eq(t.bodies.id, t.meetingSeries.bodyId))
    .orderBy(asc(t.bodies.name));
}
