import { and, eq, inArray, sql } from 'drizzle-orm';
import * as schema from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { feedItems, type FeedItems } from '../../db/queries/admin';
import { t } from '../../i18n';
import { feedTokenOk, feedUrl, type FeedKind } from '../feeds';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import type { Door } from '../../core/actor';
import { audit } from './register';
import type { Ctx } from './context';

/** A calendar feed's content: its file name, its title and what it lists. */
export interface Feed {
  filename: string;
  name: string;
  bodyName: string;
  items: FeedItems;
}

/**
 * A seat's feed: its tasks, the decisions it votes on and its body's meetings. None for a wrong
 * or missing key, as for an unknown seat: the answer must not tell which seats exist.
 */
export async function seatFeed(ctx: Ctx, seatRef: string, token: string | undefined): Promise<Feed | undefined> {
  const { db, locale: l } = ctx;
  const seat = await findSeat(db, seatRef);
  if (!seat || !feedTokenOk(ctx.config.secret ?? '', 'seat', seat.id, seat.feedKeyGeneration, token)) return undefined;
  const [body] = await db.select().from(schema.bodies).where(eq(schema.bodies.id, seat.bodyId));
  const items = await feedItems(db, { seatIds: [seat.id], bodyId: seat.bodyId, decisions: 'voter' });
  return {
    filename: seat.slug.replace('/', '-'),
    name: t(l, 'admin.ics.seat', { seat: seat.title, body: body!.name }),
    bodyName: body!.name,
    items,
  };
}

/** A body's feed: the work of all its seats, its decisions and its meetings; none for a wrong key. */
export async function bodyFeed(ctx: Ctx, bodySlug: string, token: string | undefined): Promise<Feed | undefined> {
  const { db, locale: l } = ctx;
  const [body] = await db.select().from(schema.bodies).where(eq(schema.bodies.slug, bodySlug));
  if (!body || !feedTokenOk(ctx.config.secret ?? '', 'body', body.id, body.feedKeyGeneration, token)) return undefined;
  const seats = await db.select({ id: schema.seats.id }).from(schema.seats).where(eq(schema.seats.bodyId, body.id));
  const items = await feedItems(db, { seatIds: seats.map((s) => s.id), bodyId: body.id, decisions: 'body' });
  return { filename: body.slug, name: t(l, 'admin.ics.body', { body: body.name }), bodyName: body.name, items };
}

/** A feed its owner may subscribe to, with the form that replaces its key. */
export interface OwnFeed {
  kind: FeedKind;
  title: string;
  url: string;
  rotate: string;
}

const secretOf = (ctx: Ctx) => ctx.config.secret ?? '';
const chairs = (mandate: string) => mandate === 'chair' || mandate === 'convenor';

/**
 * The feeds a person owns: each seat they hold today, and each body in which their seat is the
 * chair's or the convenor's. Only here does a feed's address show (the register shows none).
 */
export async function ownFeeds(ctx: Ctx, user: User): Promise<OwnFeed[]> {
  const ids = user.seats.map((s) => s.seatId);
  if (!ids.length) return [];
  const rows = await ctx.db
    .select({ seat: schema.seats, body: schema.bodies })
    .from(schema.seats)
    .innerJoin(schema.bodies, eq(schema.bodies.id, schema.seats.bodyId))
    .where(inArray(schema.seats.id, ids));
  const seatFeeds = rows.map(({ seat, body }) => ({
    kind: 'seat' as const,
    title: t(ctx.locale, 'admin.ics.seat', { seat: seat.title, body: body.name }),
    url: feedUrl(ctx.config.publicUrl, secretOf(ctx), 'seat', seat),
    rotate: `/feeds/seat/${seat.slug}/rotate`,
  }));
  const bodies = [...new Map(rows.filter((r) => chairs(r.seat.mandate)).map((r) => [r.body.id, r.body])).values()];
  const bodyFeeds = bodies.map((body) => ({
    kind: 'body' as const,
    title: t(ctx.locale, 'admin.ics.body', { body: body.name }),
    url: feedUrl(ctx.config.publicUrl, secretOf(ctx), 'body', body),
    rotate: `/feeds/body/${body.slug}/rotate`,
  }));
  return [...seatFeeds, ...bodyFeeds];
}

/**
 * Replaces a seat's feed key: its holder may, and the coordinator (a lost phone, a forwarded
 * address). The old address stops at once. Only the holder is given the new address.
 */
export async function rotateSeatFeed(ctx: Ctx, user: User, seatRef: string, origin: Origin): Promise<{ feedUrl: string | null }> {
  const seat = await findSeat(ctx.db, seatRef);
  if (!seat) throw new UserError(404, 'seat.unknown', { seat: seatRef });
  const held = user.seats.find((s) => s.seatId === seat.id);
  const holds = held !== undefined;
  if (!holds && user.role !== 'coordinator') throw new UserError(403, 'feed.notYourSeat');
  const row = await nextSeatFeedKey(ctx, seat.id);
  await auditRotation(ctx, user, held, origin, { kind: 'seat', id: seat.id }, row.feedKeyGeneration);
  return { feedUrl: holds ? feedUrl(ctx.config.publicUrl, secretOf(ctx), 'seat', row) : null };
}

/** Moves a seat's feed key on by one generation: the address made with the one before answers 404 from now on. */
export async function nextSeatFeedKey(ctx: Ctx, seatId: string) {
  const [row] = await ctx.db
    .update(schema.seats)
    .set({ feedKeyGeneration: sql`${schema.seats.feedKeyGeneration} + 1` })
    .where(eq(schema.seats.id, seatId))
    .returning();
  return row!;
}

/** Replaces a body's feed key: its chair or convenor may, and the coordinator; both may see the new address. */
export async function rotateBodyFeed(ctx: Ctx, user: User, bodySlug: string, origin: Origin): Promise<{ feedUrl: string }> {
  const [body] = await ctx.db.select().from(schema.bodies).where(eq(schema.bodies.slug, bodySlug));
  if (!body) throw new UserError(404, 'admin.body.notFound', { body: bodySlug });
  const ids = user.seats.map((s) => s.seatId);
  const chairSeat = ids.length
    ? (
        await ctx.db
          .select()
          .from(schema.seats)
          .where(and(inArray(schema.seats.id, ids), eq(schema.seats.bodyId, body.id)))
      ).find((s) => chairs(s.mandate))
    : undefined;
  if (!chairSeat && user.role !== 'coordinator') throw new UserError(403, 'feed.notYourBody');
  const [row] = await ctx.db
    .update(schema.bodies)
    .set({ feedKeyGeneration: sql`${schema.bodies.feedKeyGeneration} + 1` })
    .where(eq(schema.bodies.id, body.id))
    .returning();
  const held = chairSeat && user.seats.find((s) => s.seatId === chairSeat.id);
  await auditRotation(ctx, user, held, origin, { kind: 'body', id: body.id }, row!.feedKeyGeneration);
  return { feedUrl: feedUrl(ctx.config.publicUrl, secretOf(ctx), 'body', row!) };
}

/** Where a request came from, for the audit: the door and the network. */
export interface Origin {
  door: Door;
  ip: string;
}

/** A replaced key is recorded with who replaced it, as the seat's holder or as the coordinator. */
function auditRotation(
  ctx: Ctx,
  user: User,
  held: User['seats'][number] | undefined,
  origin: Origin,
  target: { kind: string; id: string },
  generation: number,
) {
  const coordinator = user.seats.find((s) => s.coordinator);
  const as = held ?? coordinator!;
  const actor = { kind: held ? ('seat' as const) : ('coordinator' as const), seatId: as.seatId, holderId: as.holderId, ...origin };
  return audit(ctx, actor, 'feed.rotated', target, { generation });
}
