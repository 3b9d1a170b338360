import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Calendar programs subscribe without cookies, so a feed's address carries its own key: an HMAC
 * of the seat's or body's id under SECRET. It cannot be guessed, opens one feed only, and changes
 * only if SECRET does.
 */
export type FeedKind = 'seat' | 'body';

export const feedToken = (secret: string, kind: FeedKind, id: string) =>
  createHmac('sha256', secret).update(`feed:${kind}:${id}`).digest('base64url').slice(0, 32);

export function feedTokenOk(secret: string, kind: FeedKind, id: string, given: string | undefined): boolean {
  const expected = Buffer.from(feedToken(secret, kind, id));
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The address to subscribe to; `slug` is a body slug or a seat slug (`styrgrupp/polisen`). */
export const feedUrl = (publicUrl: string, secret: string, kind: FeedKind, slug: string, id: string) =>
  `${publicUrl.replace(/\/$/, '')}/cal/${kind}/${slug}.ics?token=${feedToken(secret, kind, id)}`;
