import { createHash } from 'node:crypto';
import { and, eq, inArray, isNotNull, like, sql } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { isPermanentRefusal, type Mailer } from './mailer';
import { coordinatorSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { t as tr } from '../i18n';

export interface DeliveryResult {
  sent: number;
  held: number;
  bounced: { seatId: string | null; holderId: string | null; address: string }[];
}

/** One Message-ID per outbox row, whichever attempt sends it: a receiver that got it once can tell a repeat. */
export const messageIdOf = (rowKey: string) => `<${createHash('sha256').update(rowKey).digest('hex').slice(0, 32)}@arshjul>`;

/**
 * Sends the outbox rows of one notice that have not gone out. The row was written before this
 * runs, and a row marked sent is never sent again, so a retried or repeated activity sends each
 * mail once. A temporary SMTP failure is recorded on the row and thrown for Temporal to retry; a
 * refused address is marked bounced, its holder's address flagged, and not retried.
 */
export async function deliverNotice(db: Db, mailer: Mailer, from: string, noticeKey: string): Promise<DeliveryResult> {
  // An address marked wrong (refused before, or by the coordinator) gets nothing more: the mail
  // could reach someone else. The coordinator fixes the address with a holder change. Read with
  // the rows, one query per notice, since every mail passes here.
  const found = await db
    .select({ row: t.mailOutbox, marked: isNotNull(t.holders.emailInvalidAt) })
    .from(t.mailOutbox)
    .leftJoin(t.holders, eq(t.holders.id, t.mailOutbox.holderId))
    .where(and(like(t.mailOutbox.key, `${noticeKey.replace(/[\\%_]/g, '\\$&')}:%`), inArray(t.mailOutbox.status, ['pending', 'failed'])));
  const rows = found.map((f) => f.row);
  const marked = new Set(found.filter((f) => f.marked && f.row.holderId).map((f) => f.row.holderId));
  const result: DeliveryResult = { sent: 0, held: 0, bounced: [] };
  let temporary: unknown;
  for (const row of rows) {
    if (row.holderId && marked.has(row.holderId)) {
      await db
        .update(t.mailOutbox)
        .set({ status: 'bounced', lastError: tr(row.locale, 'outbox.addressMarked') })
        .where(eq(t.mailOutbox.id, row.id));
      continue;
    }
    if (mailer.mode === 'outbox') {
      await db.update(t.mailOutbox).set({ status: 'held' }).where(eq(t.mailOutbox.id, row.id));
      result.held++;
      continue;
    }
    await db
      .update(t.mailOutbox)
      .set({ attempts: sql`${t.mailOutbox.attempts} + 1` })
      .where(eq(t.mailOutbox.id, row.id));
    try {
      await mailer.send({
        from,
        to: { name: row.toName, address: row.toAddress },
        subject: row.subject,
        text: row.text,
        html: row.html ?? undefined,
        ics: row.ics ?? undefined,
        attachments: row.attachReportVersionId ? await reportFiles(db, row.attachReportVersionId) : undefined,
        messageId: messageIdOf(row.key),
      });
      await db.update(t.mailOutbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(t.mailOutbox.id, row.id));
      result.sent++;
    } catch (err) {
      const message = String((err as Error).message ?? err).slice(0, 500);
      if (isPermanentRefusal(err)) {
        const told = await db.transaction(async (tx) => {
          await tx.update(t.mailOutbox).set({ status: 'bounced', lastError: message }).where(eq(t.mailOutbox.id, row.id));
          if (row.holderId) await tx.update(t.holders).set({ emailInvalidAt: new Date() }).where(eq(t.holders.id, row.holderId));
          return tellCoordinator(tx as unknown as Db, row);
        });
        // The coordinator's mail shares this notice's key prefix, so a retry sends it too.
        if (told) rows.push(told);
        result.bounced.push({ seatId: row.seatId, holderId: row.holderId, address: row.toAddress });
      } else {
        await db.update(t.mailOutbox).set({ status: 'failed', lastError: message }).where(eq(t.mailOutbox.id, row.id));
        temporary ??= err;
      }
    }
  }
  if (temporary) {
    throw ApplicationFailure.create({
      type: 'MailTemporarilyFailed',
      message: `SMTP: ${String((temporary as Error).message ?? temporary)}`,
    });
  }
  return result;
}

/**
 * A handed-off version's PDF and Word file, read from the version when the mail goes: the row keeps
 * only the version's id, and a frozen version's files never change.
 */
async function reportFiles(db: Db, versionId: string) {
  const [v] = await db
    .select({ number: t.reportVersions.number, pdf: t.reportVersions.pdf, docx: t.reportVersions.docx, cycleId: t.reports.cycleId })
    .from(t.reportVersions)
    .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
    .where(eq(t.reportVersions.id, versionId));
  if (!v?.pdf || !v.docx) throw new Error(`report version ${versionId} has no files to attach`);
  const year = v.cycleId.split('/').pop();
  const name = `lagesrapport-${year}-utkast-${v.number}`;
  return [
    { filename: `${name}.pdf`, content: v.pdf, contentType: 'application/pdf' },
    { filename: `${name}.docx`, content: v.docx, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  ];
}

/** A refused address is the coordinator's to fix: tell them which seat and address. */
async function tellCoordinator(db: Db, bounced: t.MailRow): Promise<t.MailRow | undefined> {
  const seat = await coordinatorSeat(db);
  const holder = seat && (await holderOn(db, seat.id, stockholmDate(new Date())));
  if (!seat || !holder || holder.email === bounced.toAddress) return undefined;
  const [seatRow] = bounced.seatId ? await db.select().from(t.seats).where(eq(t.seats.id, bounced.seatId)) : [];
  const args = { address: bounced.toAddress, name: bounced.toName, seat: seatRow?.slug ?? '', subject: bounced.subject };
  const [row] = await db
    .insert(t.mailOutbox)
    .values({
      key: `${bounced.key}:bounce`,
      kind: 'bounce',
      seatId: seat.id,
      holderId: holder.id,
      targetKind: bounced.targetKind,
      targetId: bounced.targetId,
      scheduledAt: new Date(),
      toAddress: holder.email,
      toName: holder.name,
      locale: holder.locale,
      subject: tr(holder.locale, 'notice.bounce.subject', args),
      text: [tr(holder.locale, 'notice.greeting', { name: holder.name }), '', tr(holder.locale, 'notice.bounce.lead', args)].join('\n'),
    })
    .onConflictDoNothing({ target: t.mailOutbox.key })
    .returning();
  return row;
}
