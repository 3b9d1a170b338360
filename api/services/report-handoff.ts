import { createHash } from 'node:crypto';
import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import type { Task } from '../../db/schema';
import { holderOn } from '../../db/queries/directory';
import {
  compiledVersions,
  cycleVersion,
  freezeVersion,
  handedVersion,
  handoffRecipient,
  markSubmitted,
  openHandoffTask,
  seatLabel,
} from '../../db/queries/report-handoff';
import { holderName } from '../../db/queries/reports';
import { appendAudit } from '../../activities/audit';
import { writeHandoffMail } from '../../activities/handoff-mail';
import { t, type MessageKey } from '../../i18n';
import { isEngineUnavailable, UserError } from '../plugins/errors';
import { sendLater } from '../mail';
import type { Ctx } from './context';

/**
 * The lägesrapport's versions on their way out: the report task puts a compiled version forward,
 * and the hand-off freezes the approved one and mails it to the recipient's seat.
 */

/** A frozen version is what Länsstyrelsen received: any change to it is refused, and a correction is a new version. */
export const refuseFrozen = (number: number) => new UserError(409, 'report.frozen', { number });

const statusWord = (ctx: Ctx, status: string) => t(ctx.locale, `report.status.${status}` as MessageKey);

/** The compiled versions a report task may put forward; none for any other task, which then completes with text alone. */
export async function submittableVersions(ctx: Ctx, task: Task) {
  if (task.kind !== 'report' || !task.cycleId || !task.stepKey || task.status !== 'open') return [];
  return compiledVersions(ctx.db, task.cycleId, task.stepKey);
}

/**
 * The report task completes by putting version `number` forward: the version names its task, so
 * the decisions that show the task's output show the version; the report text names it, in
 * Swedish, the record's language. `complete` is the task's completion; if the workflow refuses
 * it, the version names the task it named before.
 */
export async function putForward<T>(
  ctx: Ctx,
  task: Task,
  number: number,
  note: string | undefined,
  complete: (report: string) => Promise<T>,
) {
  const found = task.cycleId && task.stepKey ? await cycleVersion(ctx.db, task.cycleId, number, task.stepKey) : undefined;
  if (!found || task.kind !== 'report') throw new UserError(404, 'report.versionNotFound', { number, cycle: task.cycleId ?? '' });
  if (found.version.status === 'frozen') throw refuseFrozen(number);
  if (found.version.status !== 'compiled')
    throw new UserError(409, 'report.notSubmittable', { number, status: statusWord(ctx, found.version.status) });
  const named = t('sv', 'report.submit.text', { number, title: found.ref.title });
  await markSubmitted(ctx.db, found.version.id, task.id);
  try {
    return await complete(note?.trim() ? `${named}\n\n${note.trim()}` : named);
  } catch (err) {
    await markSubmitted(ctx.db, found.version.id, found.version.submittedTaskId);
    throw err;
  }
}

/** What the hand-off task's page shows: the approved (or frozen) version, its recipient and its receipt. */
export async function handoffView(ctx: Ctx, task: Task) {
  if (task.kind !== 'handoff' || !task.cycleId) return undefined;
  const [found, recipient] = await Promise.all([handedVersion(ctx.db, task.cycleId), handoffRecipient(ctx.db, task.cycleId)]);
  const v = found?.version;
  const receiptBy = (await holderName(ctx.db, v?.receiptByHolderId ?? null)) ?? undefined;
  return {
    open: task.status === 'open',
    recipient: v?.handedOffToSeatId ? await seatLabel(ctx.db, v.handedOffToSeatId) : recipient?.label,
    receiptBy,
    version: v && { ...v, ref: found.ref },
  };
}
export type HandoffView = NonNullable<Awaited<ReturnType<typeof handoffView>>>;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The coordinator hands the approved version off: it is frozen with the SHA-256 of its PDF and
 * Word file, and the holder of the definition's recipient seat gets both files by mail with a
 * receipt link. Everything is written in one transaction; the worker then delivers the mail.
 */
export async function handOff(ctx: Ctx, actor: Actor, definition: string, year: number, number: number) {
  const { db, config } = ctx;
  const cycleId = `cycle/${definition}/${year}`;
  const found = await cycleVersion(db, cycleId, number);
  if (!found) throw new UserError(404, 'report.versionNotFound', { number, cycle: `${definition} ${year}` });
  const v = found.version;
  if (v.status === 'frozen') throw refuseFrozen(number);
  if (v.status !== 'approved') throw new UserError(409, 'report.notApproved', { number, status: statusWord(ctx, v.status) });
  if (!v.pdf || !v.docx) throw new UserError(409, 'report.noFiles', { number });
  const [task, seat] = await Promise.all([openHandoffTask(db, cycleId), handoffRecipient(db, cycleId)]);
  if (!task) throw new UserError(409, 'report.noHandoffTask');
  if (!seat) throw new UserError(409, 'report.noRecipient');
  const at = ctx.now();
  const holder = await holderOn(db, seat.id, stockholmDate(at));
  if (!holder) throw new UserError(409, 'report.recipientVacant', { seat: seat.label });
  const sums = { pdfSha256: sha256(v.pdf), docxSha256: sha256(v.docx) };
  const key = `report-handoff:${v.id}`;
  await db.transaction(async (tx) => {
    if (!(await freezeVersion(tx, v.id, { at, seatId: seat.id, ...sums }))) throw refuseFrozen(number);
    const mail = { id: v.id, number, title: found.ref.title, approvedAt: v.approvedAt, ...sums };
    await writeHandoffMail(tx, config.publicUrl, { key, version: mail, seatId: seat.id, holder, at });
    const detail = { number, seatId: seat.id, holderId: holder.id, taskId: task.id, ...sums };
    await appendAudit(tx, { action: 'report.handedOff', actor, at: at.toISOString(), detail }, { kind: 'report_version', id: v.id });
  });
  try {
    await sendLater(ctx.temporal, config.taskQueue, key);
  } catch (err) {
    // The mail is in the outbox: the worker's outbox sweep hands it over once the engine answers.
    if (!isEngineUnavailable(err)) throw err;
  }
  return { number, status: 'frozen' as const, frozenAt: at, ...sums, handedOffTo: seat.slug, handedOffAt: at, taskId: task.id };
}
