import { eq } from 'drizzle-orm';
import type { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import * as schema from '../db/schema';
import { addPart, TaskFailure } from '../workflows/task';
import type { Actor } from '../core/actor';
import { t, type Locale, type MessageKey } from '../i18n';
import { UserError } from './plugins/errors';
import { failureDetails, talkToWorkflow } from './temporal-errors';

/**
 * Tasks as people act on them: the JSON routes and the personal links call the same checks and
 * the same updates, and a workflow's refusal reads the same in both.
 */
export function taskService(db: Db, temporal: Client) {
  const notFound = (id: string) => new UserError(404, 'task.notFound', { id });
  async function load(id: string) {
    const [row] = await db.select().from(schema.tasks).where(eq(schema.tasks.id, id));
    if (!row) throw notFound(id);
    return row;
  }
  const refuseClosed = (locale: Locale, status: string) =>
    new UserError(409, 'task.notOpen', { status: t(locale, `task.status.${status}` as MessageKey) }, { status });
  const refusals = (locale: Locale): Record<string, (f: ApplicationFailure) => UserError> => ({
    [TaskFailure.notOpen]: (f) => refuseClosed(locale, String(failureDetails(f).status ?? 'done')),
    [TaskFailure.emptyReport]: () => new UserError(400, 'task.emptyReport'),
    [TaskFailure.notYourSeat]: () => new UserError(403, 'task.notYourSeat'),
    [TaskFailure.sameSeat]: () => new UserError(409, 'task.sameSeat'),
    [TaskFailure.dueInPast]: () => new UserError(400, 'task.dueInPast'),
    [TaskFailure.leadSubmits]: () => new UserError(403, 'task.leadSubmits'),
    [TaskFailure.notAnOwner]: () => new UserError(403, 'task.notAnOwner'),
    [TaskFailure.emptyPart]: () => new UserError(400, 'task.emptyPart'),
    [TaskFailure.noMeasures]: () => new UserError(400, 'task.noMeasures'),
    [TaskFailure.unknownMeasure]: () => new UserError(400, 'task.unknownMeasure'),
  });

  /** An owner's seat adds or replaces its own part of a shared task while the task is open. */
  async function part(locale: Locale, taskId: string, text: string, actor: Actor) {
    const row = await load(taskId);
    if (actor.kind !== 'seat' || ![row.seatId, ...row.coSeatIds].includes(actor.seatId!)) throw new UserError(403, 'task.notAnOwner');
    if (row.status !== 'open') throw refuseClosed(locale, row.status);
    return talkToWorkflow(
      () => temporal.workflow.getHandle(row.workflowId).executeUpdate(addPart, { args: [{ seatId: actor.seatId!, text, actor }] }),
      notFound(row.id),
      refusals(locale),
    );
  }

  return { load, notFound, refuseClosed, refusals, part };
}
