import type { Actor } from '../../core/actor';
import { formatInstant } from '../../core/time';
import { openHandoffTask, recordReceipt, seatLabel, versionById } from '../../db/queries/report-handoff';
import { spendLink } from '../../db/queries/link-tokens';
import { appendAudit } from '../../activities/audit';
import type { Db } from '../../db/client';
import { t, type Locale } from '../../i18n';
import { UserError } from '../plugins/errors';
import { completeTask } from './tasks';
import { auditLink, inspectLink, linkActor, type OpenLink, type Visit } from './links';
import type { LinkOutcome } from './link-actions';
import type { Ctx } from './context';

/**
 * The recipient's receipt of a handed-off lägesrapport, given through the link in the hand-off
 * mail: it is recorded on the frozen version, and it completes the cycle's hand-off task, the
 * cycle's last step, so the year closes.
 */

export interface ReceiptView {
  title: string;
  number: number;
  seat: string;
  pdfSha256: string;
  docxSha256: string;
  version: NonNullable<Awaited<ReturnType<typeof versionById>>>['ref'];
}

async function frozenVersion(ctx: Ctx, state: OpenLink) {
  const found = await versionById(ctx.db, state.link.targetId);
  // The link is written with the freeze, in one transaction: a link to a version not frozen is no receipt link.
  if (!found || found.version.status !== 'frozen') throw new UserError(404, 'link.invalid');
  return found;
}

/** What the receipt link's page shows: the version handed off, to which seat, and its checksums. */
export async function receiptView(ctx: Ctx, state: OpenLink): Promise<ReceiptView> {
  const found = await frozenVersion(ctx, state);
  const v = found.version;
  return {
    title: found.ref.title,
    number: v.number,
    seat: await seatLabel(ctx.db, state.link.seatId!),
    pdfSha256: v.pdfSha256 ?? '',
    docxSha256: v.docxSha256 ?? '',
    version: found.ref,
  };
}

const inBoth = (say: (l: Locale) => string): Record<Locale, string> => ({ sv: say('sv'), en: say('en') });

/**
 * The hand-off task is completed first, through its workflow: when the engine does not answer,
 * nothing is recorded and the link still works. Then the link is spent and the receipt written
 * together, so a second press (or a second tab) records nothing twice.
 */
export async function confirmReceipt(ctx: Ctx, visit: Visit, token: string, state: OpenLink): Promise<LinkOutcome> {
  const found = await frozenVersion(ctx, state);
  const v = found.version;
  const at = ctx.now();
  const by = linkActor(state, visit);
  const seat = await seatLabel(ctx.db, state.link.seatId!);
  const task = await openHandoffTask(ctx.db, found.cycleId);
  if (task) {
    const args = { at: formatInstant(at, 'sv'), name: state.holder.name, seat, number: v.number, title: found.ref.title };
    const report = t('sv', 'report.receipt.taskReport', { ...args, pdf: v.pdfSha256 ?? '', docx: v.docxSha256 ?? '' });
    // The recipient holds no seat of the task: the system completes it on their receipt, naming them.
    const system: Actor = { kind: 'system', holderId: state.holder.id, viaLink: true, door: 'link', ip: by.ip };
    try {
      await completeTask(ctx, system, task.id, { report });
    } catch (err) {
      // Completed by hand meanwhile: the receipt is still the recipient's to give.
      if (!(err instanceof UserError && err.key === 'task.notOpen')) throw err;
    }
  }
  const args = { number: v.number, title: found.ref.title };
  const message = inBoth((lang) => t(lang, 'report.receipt.done', args));
  const recorded = await ctx.db.transaction(async (tx) => {
    if (!(await spendLink(tx as unknown as Db, state.link.id, { message }))) return false;
    if (!(await recordReceipt(tx as unknown as Db, v.id, state.holder.id, at))) return false;
    const detail = { number: v.number, taskId: task?.id ?? null };
    await appendAudit(
      tx as unknown as Db,
      { action: 'report.receipt', actor: by, at: at.toISOString(), detail },
      {
        kind: 'report_version',
        id: v.id,
      },
    );
    return true;
  });
  if (!recorded) {
    await auditLink(ctx, visit, 'link.refused', state.link, { reason: 'receiptRecorded' });
    const now = await inspectLink(ctx, token);
    return now.kind === 'open' ? { kind: 'notice', status: 409, key: 'link.invalid', args: {} } : { kind: 'refused', state: now };
  }
  await auditLink(ctx, visit, 'link.used', state.link, { action: 'receipt' });
  return { kind: 'done', title: t(ctx.locale, 'report.receipt.doneTitle'), message: message[ctx.locale] };
}
