import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Calendar programs subscribe without cookies, so a feed's address carries its own key: an HMAC
 * of the seat's or body's id and its key generation under SECRET. It cannot be guessed and opens
 * one feed only. Nothing secret is stored: rotating the key raises the generation, which changes
 * the HMAC, so the old address stops at once, and a copy of the database reveals no feed.
 * Generation 0 is the key as it was before keys could rotate, so existing subscriptions keep working.
 */
export type FeedKind = 'seat' | 'body';

export const feedToken = (secret: string, kind: FeedKind, id: string, generation: number) =>
  createHmac('sha256', secret)
    .update(generation ? `feed:${kind}:${id}:${generation}` : `feed:${kind}:${id}`)
    .digest('base64url')
    .slice(0, 32);

export function feedTokenOk(secret: string, kind: FeedKind, id: string, generation: number, given: string | undefined): boolean {
  const expected = Buffer.from(feedToken(secret, kind, id, generation));
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The address to subscribe to; `slug` is a body slug or a seat slug (`styrgrupp/polisen`). */
export const feedUrl = (publicUrl: string, secret: string, kind: FeedKind, r: { slug: string; id: string; feedKeyGeneration: number }) =>
  `${publicUrl.replace(/\/$/, '')}/cal/${kind}/${r.slug}.ics?token=${feedToken(secret, kind, r.id, r.feedKeyGeneration)}`;
