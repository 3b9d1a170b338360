import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { cycleOfItem, type AgendaFacts } from '../../core/meetings';

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
    meetings: meetings.map((m) => ({ ...m, host: m.hostOrganisationId ? (slugById.get(m.hostOrganisationId) ?? null) : null })),
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

/** For the keys of items cycles put on agendas: each item's cycle and year, and decisions that closed or were cancelled. */
export async function agendaFacts(db: Db, keys: string[]): Promise<Map<string, AgendaFacts>> {
  const facts = new Map<string, AgendaFacts>();
  const cycleIds = [...new Set(keys.map(cycleOfItem).filter((id): id is string => Boolean(id)))];
  if (!cycleIds.length) return facts;
  const decisionKeys = keys.filter((k) => k.startsWith('decision/'));
  const [cycles, closed] = await Promise.all([
    db
      .select({ id: t.cycles.id, year: t.cycles.year, name: t.cycleDefinitions.name })
      .from(t.cycles)
      .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
      .where(inArray(t.cycles.id, cycleIds)),
    decisionKeys.length
      ? db
          .select({ workflowId: t.decisions.workflowId, outcome: t.decisions.outcome, closedAt: t.decisions.closedAt })
          .from(t.decisions)
          .where(and(inArray(t.decisions.workflowId, decisionKeys), inArray(t.decisions.status, ['closed', 'cancelled'])))
      : [],
  ]);
  const names = new Map(cycles.map((c) => [c.id, `${c.name} ${c.year}`]));
  for (const key of keys) {
    const cycle = names.get(cycleOfItem(key) ?? '');
    const decision = closed.find((d) => d.workflowId === key);
    const decided = decision?.closedAt ? { outcome: decision.outcome, at: decision.closedAt } : undefined;
    if (cycle || decided) facts.set(key, { ...(cycle ? { cycle } : {}), ...(decided ? { decided } : {}) });
  }
  return facts;
}
