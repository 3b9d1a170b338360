import type { NoticeKind } from '../core/notice';
import { deliver } from './common';

/**
 * The notices a request writes to the outbox (sign-in, a renewed or resent link). No other
 * workflow delivers them: `mailWorkflow` does, and the outbox sweep starts it for a row the
 * request wrote but could not hand over.
 */
export const requestedNoticeKinds: readonly NoticeKind[] = ['signin', 'link_renewed'];

/** The workflow id that delivers a notice: the same for the request and the sweep, so it runs once. */
export const mailWorkflowId = (noticeKey: string) => `mail/${noticeKey}`;

/**
 * Delivers one notice the API wrote to the outbox. Its workflow id is `mail/<noticeKey>`, so a
 * request asked twice starts it once, and the mail gets the retries with backoff and the bounce
 * handling of every other mail, from the worker, while the request has long been answered.
 */
export async function mailWorkflow({ noticeKey }: { noticeKey: string }): Promise<void> {
  await deliver({ key: noticeKey });
}
