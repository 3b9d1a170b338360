import { deliver } from './common';

/**
 * Delivers one notice the API wrote to the outbox. Its workflow id is `mail/<noticeKey>`, so a
 * request asked twice starts it once, and the mail gets the retries with backoff and the bounce
 * handling of every other mail, from the worker, while the request has long been answered.
 */
export async function mailWorkflow({ noticeKey }: { noticeKey: string }): Promise<void> {
  await deliver({ key: noticeKey });
}
