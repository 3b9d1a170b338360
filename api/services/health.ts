import { sql } from 'drizzle-orm';
import type { Ctx } from './context';

export type Part = 'ok' | 'unavailable';
export interface Readiness {
  status: 'ready' | 'unready';
  database: Part;
  temporal: Part;
}

/** Alive: the process answers HTTP. Nothing else is asked, so a probe costs nothing and a sick database restarts no one. */
export function checkHealth(): { status: 'ok' } {
  return { status: 'ok' };
}

const outcome = (call: Promise<unknown>): Promise<Part> =>
  call.then(
    (): Part => 'ok',
    (): Part => 'unavailable',
  );

/** Whether the database answers within `ms`: a stopped server never answers, and its query has no deadline of its own. */
async function databaseAnswers(ms: number, call: Promise<unknown>): Promise<Part> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Part>((resolve) => (timer = setTimeout(() => resolve('unavailable'), ms)));
  try {
    return await Promise.race([outcome(call), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready to serve: PostgreSQL and Temporal (this client's namespace) both answered within the
 * Temporal call deadline. A load balancer sends work only to a ready replica.
 */
export async function checkReadiness({ db, temporal, config }: Pick<Ctx, 'db' | 'temporal' | 'config'>): Promise<Readiness> {
  const ms = config.temporalCallTimeoutMs;
  const { namespace } = temporal.options;
  const [database, engine] = await Promise.all([
    databaseAnswers(ms, db.execute(sql`select 1`)),
    outcome(temporal.withDeadline(Date.now() + ms, () => temporal.workflowService.describeNamespace({ namespace }))),
  ]);
  return { status: database === 'ok' && engine === 'ok' ? 'ready' : 'unready', database, temporal: engine };
}
