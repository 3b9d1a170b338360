import type { Db } from '../db/client';
import * as t from '../db/schema';
import { holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { t as tr, type Locale, type MessageKey } from '../i18n';
import { formatDue } from '../core/format';
import type { Notice } from '../core/notice';

export type { Notice };

export interface RenderedNotice {
  subject: string;
  text: string;
}

export function renderNotice(n: Notice, locale: Locale, holderName: string, link: string): RenderedNotice {
  const due = n.dueAt ? formatDue(new Date(n.dueAt), locale) : '';
  const outcome = typeof n.detail?.outcome === 'string' ? tr(locale, `outcome.${n.detail.outcome}` as MessageKey) : '';
  const args = { title: n.title, due, outcome, level: String(n.detail?.level ?? '') };
  const subject = tr(locale, `notice.${n.kind}.subject` as MessageKey, args);
  const lead = tr(locale, `notice.${n.kind}.lead` as MessageKey, args);
  const text = [
    tr(locale, 'notice.greeting', { name: holderName }),
    '',
    lead,
    '',
    n.title,
    ...(due ? [tr(locale, 'notice.due', { due })] : []),
    '',
    tr(locale, 'notice.link', { link }),
    '',
    tr(locale, 'notice.footer'),
  ].join('\n');
  return { subject, text };
}

/**
 * Writes the notice to the outbox, once per seat: the row's key is the notice key plus the seat,
 * so a retried activity finds its row and writes nothing twice. The holder is the one on the
 * seat on the notice's Stockholm date: tasks follow the seat, mail follows the holder.
 */
export async function writeNotice(db: Db, publicUrl: string, n: Notice): Promise<number> {
  const day = stockholmDate(new Date(n.at));
  let written = 0;
  for (const seatId of n.seatIds) {
    const holder = await holderOn(db, seatId, day);
    if (!holder) continue;
    const link = `${publicUrl}/${n.target.kind === 'task' ? 'tasks' : 'decisions'}/${n.target.id}`;
    const { subject, text } = renderNotice(n, holder.locale, holder.name, link);
    const rows = await db
      .insert(t.mailOutbox)
      .values({
        key: `${n.key}:${seatId}`,
        kind: n.kind,
        seatId,
        holderId: holder.id,
        targetKind: n.target.kind,
        targetId: n.target.id,
        scheduledAt: new Date(n.at),
        toAddress: holder.email,
        toName: holder.name,
        locale: holder.locale,
        subject,
        text,
      })
      .onConflictDoNothing({ target: t.mailOutbox.key })
      .returning({ id: t.mailOutbox.id });
    written += rows.length;
  }
  return written;
}


