import { eq } from 'drizzle-orm';
import * as schema from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { feedItems, type FeedItems } from '../../db/queries/admin';
import { t } from '../../i18n';
import { feedTokenOk } from '../feeds';
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
  if (!seat || !feedTokenOk(ctx.config.secret ?? '', 'seat', seat.id, token)) return undefined;
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
  if (!body || !feedTokenOk(ctx.config.secret ?? '', 'body', body.id, token)) return undefined;
  const seats = await db.select({ id: schema.seats.id }).from(schema.seats).where(eq(schema.seats.bodyId, body.id));
  const items = await feedItems(db, { seatIds: seats.map((s) => s.id), bodyId: body.id, decisions: 'body' });
  return { filename: body.slug, name: t(l, 'admin.ics.body', { body: body.name }), bodyName: body.name, items };
}
