import { createHash } from 'node:crypto';
import type { Actor } from '../../core/actor';
import { cycleIdFor } from '../../core/plan';
import { stockholmDate } from '../../core/time';
import type { Task } from '../../db/schema';
import { findCycle } from '../../db/queries/cycles';
import { holderOn } from '../../db/queries/directory';
import { findTask } from '../../db/queries/tasks';
import { followUpOf, followUpTable, inSteeringOrCoordinationGroup, saveFollowUp, type FollowUpInput } from '../../db/queries/follow-ups';
import { appendAudit } from '../../activities/audit';
import { writeNotice } from '../../activities/notices';
import { sendLater } from '../mail';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import { followUpInput } from '../follow-up-schemas';
import type { Ctx } from './context';
import type { CycleRef } from './cycles';
import { audit } from './register';
import { parseOrRefuse } from './refusal';
import { loadTask, readableTask, refuseClosed } from './tasks';

/**
 * Measure follow-up: the status and evidence links an owner gives with a measure task, the
 * coordinator's table of them per goal, and the coordinator's ask to an owner to report.
 */

/**
 * Writes the follow-up of a measure task that is being completed. Called before the workflow is
 * asked, so a refused completion leaves only this row behind, which the next attempt replaces.
 */
export async function recordFollowUp(ctx: Ctx, actor: Actor, row: Task, input: FollowUpInput) {
  if (!row.measureId) throw new UserError(400, 'fu.notAMeasureTask');
  const saved = await saveFollowUp(ctx.db, { ...input, taskId: row.id, measureId: row.measureId, holderId: actor.holderId ?? null });
  await audit(ctx, actor, 'followUp.saved', { kind: 'task', id: row.id }, { status: input.status, links: input.links.length });
  return saved;
}

/** A done task's owner (or the coordinator) complements its follow-up: a report is often finished after a reminder. */
export async function complementFollowUp(ctx: Ctx, actor: Actor, id: string, input: FollowUpInput) {
  const row = await loadTask(ctx, id);
  if (actor.kind !== 'coordinator' && ![row.seatId, ...row.coSeatIds].includes(actor.seatId ?? '')) throw new UserError(403, 'fu.notYours');
  if (!row.measureId) throw new UserError(400, 'fu.notAMeasureTask');
  if (row.status === 'open') throw new UserError(409, 'fu.onlyDone');
  if (row.status !== 'done') throw refuseClosed(ctx.locale, row.status);
  return recordFollowUp(ctx, actor, row, input);
}

/** A task's follow-up, for whoever reads the task. */
export async function taskFollowUp(ctx: Ctx, user: User | null, id: string) {
  await readableTask(ctx, user, id);
  return (await followUpOf(ctx.db, id)) ?? null;
}

/** The page form's status and links (one per line, a title after the address) as the API takes them. */
export function followUpFromForm(ctx: Ctx, form: { status?: string; links?: string }): FollowUpInput {
  const links = (form.links ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [url, ...title] = line.split(/\s+/);
      return title.length ? { url: url!, title: title.join(' ') } : { url: url! };
    });
  return parseOrRefuse(ctx, followUpInput, { status: form.status, links });
}

async function cycleOf(ctx: Ctx, ref: CycleRef) {
  const id = cycleIdFor(ref.definition, ref.year);
  const cycle = await findCycle(ctx.db, id);
  if (!cycle) throw new UserError(404, 'cycle.notFound', { id });
  return cycle;
}

/**
 * The cycle's follow-up table. The coordinator and the styrgrupp's and samordningsgrupp's members
 * read it whole (they review the report built from it); an owner whose seat has a measure task in
 * the cycle reads it too. Anyone else holds no part in the follow-up.
 */
export async function followUpsOf(ctx: Ctx, user: User | null, ref: CycleRef) {
  const cycle = await cycleOf(ctx, ref);
  const table = await followUpTable(ctx.db, cycle, ctx.now());
  const seatIds = user?.seats.map((s) => s.seatId) ?? [];
  const owner = () =>
    table.goals.some((g) => g.measures.some((m) => Object.values(m.cells).some((c) => c.seatIds.some((s) => seatIds.includes(s)))));
  if (user?.role !== 'coordinator' && !(await inSteeringOrCoordinationGroup(ctx.db, seatIds)) && !owner()) {
    throw new UserError(403, 'fu.readers');
  }
  return { cycle, table };
}

const ASK_WINDOW_MS = 300_000;

/**
 * The coordinator asks the holder of a measure task's seat to report: an open task gets a
 * reminder with a fresh link to complete it, a done one a request to complement the follow-up on
 * the task's page. The same ask twice within five minutes writes one mail.
 */
export async function askToComplete(ctx: Ctx, actor: Actor, ref: CycleRef, input: { task: string; message?: string }) {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
  const cycle = await cycleOf(ctx, ref);
  const row = await findTask(ctx.db, input.task);
  if (!row || row.cycleId !== cycle.id || !row.measureId) throw new UserError(404, 'fu.notInCycle', { id: input.task });
  if (row.status !== 'open' && row.status !== 'done') throw refuseClosed(ctx.locale, row.status);
  const now = ctx.now();
  const holder = await holderOn(ctx.db, row.seatId, stockholmDate(now));
  if (!holder) throw new UserError(409, 'dash.vacantSeat');
  const kind = row.status === 'open' ? ('follow_up_reminder' as const) : ('follow_up_complement' as const);
  const message = input.message?.trim() ?? '';
  const said = createHash('sha256').update(message).digest('hex').slice(0, 12);
  const key = `follow-up-ask:${row.id}:${Math.floor(now.getTime() / ASK_WINDOW_MS)}:${said}`;
  const at = now.toISOString();
  await ctx.db.transaction(async (tx) => {
    await writeNotice(tx, ctx.config.publicUrl, {
      key,
      kind,
      seatIds: [row.seatId],
      at,
      target: { kind: 'task', id: row.id, workflowId: row.workflowId },
      path: `/tasks/${row.id}`,
      title: row.title,
      dueAt: row.dueAt.toISOString(),
      cycleId: cycle.id,
      detail: { message },
    });
    // The audit says that the coordinator asked and whether with words of their own; the words go in the mail only.
    const detail = { seatId: row.seatId, kind, message: message.length > 0 };
    await appendAudit(tx, { action: 'followUp.asked', actor, detail, dedupeKey: key, at }, { kind: 'task', id: row.id });
  });
  await sendLater(ctx.temporal, ctx.config.taskQueue, key);
  return { taskId: row.id, kind, seatId: row.seatId };
}
