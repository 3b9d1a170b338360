import { listBodiesWithSeats, listOrganisations } from '../../db/queries/directory';
import {
  bodyRecord,
  holderOnDay,
  indicatorsWithValues,
  measuresWithOwners,
  openWorkOfSeat,
  seatCounts,
  seatRecord,
  strategies,
  type SeatRecord,
} from '../../db/queries/admin';
import { listSeries } from '../../db/queries/meetings';
import { stockholmDate } from '../../core/time';
import { feedUrl } from '../feeds';
import { holderShape } from '../holders';
import { UserError } from '../plugins/errors';
import type { Ctx } from './context';
import { loadOrganisation } from './register';
import { loadMeasure, loadPlan } from './register-plans';
import * as q from '../../db/queries/register';

/** The register as the admin pages and their JSON twins read it. */

export const stockholmToday = (ctx: Ctx) => stockholmDate(ctx.now());

export async function organisationsWithSeats(ctx: Ctx) {
  const [orgs, counts] = await Promise.all([listOrganisations(ctx.db), seatCounts(ctx.db)]);
  return orgs.map(({ createdAt: _c, ...o }) => ({ ...o, seats: counts.find((c) => c.organisationId === o.id)?.seats ?? 0 }));
}

export async function organisationDetail(ctx: Ctx, slug: string) {
  const org = await loadOrganisation(ctx, slug);
  const bodies = await listBodiesWithSeats(ctx.db, stockholmToday(ctx));
  const seats = bodies.flatMap((b) => b.seats.filter((s) => s.organisation.id === org.id).map((s) => ({ ...s, body: b.name })));
  return { org, seats };
}

export const bodiesWithSeats = (ctx: Ctx) => listBodiesWithSeats(ctx.db, stockholmToday(ctx));

export async function loadBodyRecord(ctx: Ctx, slug: string) {
  const found = await bodyRecord(ctx.db, slug);
  if (!found) throw new UserError(404, 'admin.body.notFound', { body: slug });
  return found;
}

export async function loadSeatRecord(ctx: Ctx, params: { body: string; seat: string }): Promise<SeatRecord> {
  const slug = `${params.body}/${params.seat}`;
  const found = await seatRecord(ctx.db, slug);
  if (!found) throw new UserError(404, 'seat.unknown', { seat: slug });
  return found;
}

/** A body's feed address, which the coordinator may see (a seat's shows only to its holder, on /me). */
const bodyFeed = (ctx: Ctx, body: { slug: string; id: string; feedKeyGeneration: number }) =>
  feedUrl(ctx.config.publicUrl, ctx.config.secret ?? '', 'body', body);

export const seatJson = (r: SeatRecord) => ({
  id: r.seat.id,
  slug: r.seat.slug,
  title: r.seat.title,
  mandate: r.seat.mandate,
  retiredOn: r.seat.retiredOn,
  organisation: { id: r.organisation.id, slug: r.organisation.slug, shortName: r.organisation.shortName },
  holders: r.holders.map((h) => holderShape.parse(h)),
});

export async function bodyJson(ctx: Ctx, slug: string) {
  const { body, convenor, seats } = await loadBodyRecord(ctx, slug);
  return {
    id: body.id,
    slug: body.slug,
    name: body.name,
    kind: body.kind,
    description: body.description,
    retiredOn: body.retiredOn,
    convenor: convenor && { id: convenor.id, slug: convenor.slug, shortName: convenor.shortName },
    feedUrl: bodyFeed(ctx, body),
    seats: seats.map(seatJson),
  };
}

export async function seatDetailJson(ctx: Ctx, params: { body: string; seat: string }) {
  const r = await loadSeatRecord(ctx, params);
  return {
    ...seatJson(r),
    body: { id: r.body.id, slug: r.body.slug, name: r.body.name },
    openWork: await openWorkOfSeat(ctx.db, r.seat.id),
  };
}

export const openWork = (ctx: Ctx, seatId: string) => openWorkOfSeat(ctx.db, seatId);
export const bodyMeets = async (ctx: Ctx, slug: string) => (await listSeries(ctx.db)).some((x) => x.bodySlug === slug);

export async function strategiesJson(ctx: Ctx) {
  return (await strategies(ctx.db)).map(({ createdAt: _c, ...s }) => ({
    ...s,
    goals: s.goals.map(({ strategyId: _s, ...g }) => g),
    actionPlans: s.actionPlans.map(({ createdAt: _p, ...p }) => p),
  }));
}

export async function plansJson(ctx: Ctx) {
  return (await measuresWithOwners(ctx.db)).map(({ createdAt: _c, strategyId: _s, ...p }) => p);
}

export const indicatorsJson = (ctx: Ctx) => indicatorsWithValues(ctx.db);

/** One action plan with its measures, and what its forms offer: the strategy's goals and the parties. */
export async function planDetail(ctx: Ctx, slug: string) {
  const plan = await loadPlan(ctx, slug);
  const [all, goals, orgs] = await Promise.all([plansJson(ctx), q.goalsOf(ctx.db, plan.strategyId), listOrganisations(ctx.db)]);
  return {
    plan: all.find((p) => p.id === plan.id)!,
    goals,
    organisations: orgs.filter((o) => !o.leftOn || o.leftOn >= stockholmToday(ctx)),
  };
}

export async function measureDetail(ctx: Ctx, id: string) {
  const measure = await loadMeasure(ctx, id);
  const plan = (await q.actionPlanById(ctx.db, measure.actionPlanId))!;
  const [detail, owners] = await Promise.all([planDetail(ctx, plan.slug), q.ownersOf(ctx.db, id)]);
  return { ...detail, measure: detail.plan.measures.find((m) => m.id === id)!, owners };
}

/** Organisations that may get a new seat: those that have not left. */
export async function activeOrganisations(ctx: Ctx) {
  const day = stockholmToday(ctx);
  return (await listOrganisations(ctx.db)).filter((o) => !o.leftOn || o.leftOn >= day);
}

/** Everything the page of a body shows, with what its forms offer. */
export async function bodyPageData(ctx: Ctx, slug: string) {
  const record = await loadBodyRecord(ctx, slug);
  const [meets, organisations] = await Promise.all([bodyMeets(ctx, slug), activeOrganisations(ctx)]);
  const day = stockholmToday(ctx);
  const sitting = Object.fromEntries(record.seats.map((r) => [r.seat.id, holderOnDay(r.holders, day)]));
  return { record, day, sitting, meets, feed: bodyFeed(ctx, record.body), organisations };
}

export async function seatPageData(ctx: Ctx, params: { body: string; seat: string }) {
  const record = await loadSeatRecord(ctx, params);
  return { record, day: stockholmToday(ctx), work: await openWork(ctx, record.seat.id) };
}
