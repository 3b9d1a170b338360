import { createHash, randomBytes } from 'node:crypto';

/**
 * `meeting` shows a meeting to a member and lets its host enter the room; `part` lets a co-owner
 * of a shared task write their part, replaceable while the task is open. Neither is ever spent.
 * `receipt` confirms that the recipient of a handed-off report version received it. `sign` lets the
 * head of an organisation sign a form version, or refuse with a reason; it is spent by either.
 */
export type LinkAction = 'complete' | 'part' | 'vote' | 'signin' | 'meeting' | 'receipt' | 'sign';

/** 256 random bits; only its SHA-256 is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
