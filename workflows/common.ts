import { ApplicationFailure, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Who did something: the seat's holder, the coordinator, or the system itself. */
export interface Actor {
  kind: 'seat' | 'coordinator' | 'system';
  seatId?: string;
  holderId?: string;
  /** Set when the action came through a link in a mail. */
  viaLink?: boolean;
}

export const system: Actor = { kind: 'system' };

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

/** A refusal a person reads: the API maps `type` to a message in their language. */
export function refuse(type: string, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type, message, details: details ? [details] : undefined, nonRetryable: true });
}

/** Instants of a schedule still ahead of `now`. */
export const ahead = (instants: string[], now: number) => instants.filter((at) => Date.parse(at) > now);
