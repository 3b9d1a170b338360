import { ApplicationFailure, condition, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Notice } from '../core/notice';
import type { Activities } from '../activities';

export { system, type Actor } from '../core/actor';

/**
 * Projections, audit, notices and schedules: short, idempotent database work, so they run as
 * local activities in the worker (a marker in the history instead of three server round trips),
 * retried until the database answers.
 */
export const activities = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Sending mail is a regular activity: SMTP may be down for hours, and Temporal retries it with
 * backoff until it goes through; the outbox row makes each attempt send at most what is unsent.
 */
const mail = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/** Sends the mail of a notice already written to the outbox. */
export const deliver = (notice: Pick<Notice, 'key'>) => mail.deliver({ noticeKey: notice.key });

/** A refusal a person reads: the API maps `type` to a message in their language. */
export function refuse(type: string, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type, message, details: details ? [details] : undefined, nonRetryable: true });
}

/**
 * Runs one piece of work at a time. Update handlers and the main loop both write projections;
 * taking turns keeps their activities from interleaving within one workflow task, so a replay
 * meets the commands in the order the history recorded them.
 */
export function oneAtATime() {
  let busy = false;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };
}
