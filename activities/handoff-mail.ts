import type { Db } from '../db/client';
import * as t from '../db/schema';
import { newToken } from '../db/queries/links';
import { formatInstant } from '../core/time';
import { t as tr } from '../i18n';
import { html as h } from '../web/html';
import { mailButton, mailHtml } from '../web/mail';
import { storeLink } from './notices';

/** A receipt link lives this long: the annual report's deadline is weeks, not months, after the hand-off. */
export const RECEIPT_DAYS = 30;

export interface HandoffMail {
  /** The notice key: the outbox row is `<key>:<seat>`, and the mail workflow delivers by it. */
  key: string;
  version: { id: string; number: number; title: string; approvedAt: Date | null; pdfSha256: string; docxSha256: string };
  seatId: string;
  holder: t.Holder;
  at: Date;
}

/**
 * The hand-off's mail to the recipient's holder: the version, both checksums and a receipt link,
 * written to the outbox with the version to attach. The delivery reads the PDF and Word file
 * from the version when it sends, so the outbox holds no copy of them.
 */
export async function writeHandoffMail(db: Db, publicUrl: string, m: HandoffMail): Promise<void> {
  const l = m.holder.locale;
  const { token, hash } = newToken();
  const link = `${publicUrl}/l/${token}`;
  const until = new Date(m.at.getTime() + RECEIPT_DAYS * 86_400_000);
  const v = m.version;
  const args = { title: v.title, number: v.number };
  const subject = tr(l, 'report.mail.subject', args);
  const greeting = tr(l, 'notice.greeting', { name: m.holder.name });
  const lead = tr(l, 'report.mail.lead', args);
  const facts = tr(l, 'report.mail.version', {
    number: v.number,
    approved: v.approvedAt ? formatInstant(v.approvedAt, l) : '',
    frozen: formatInstant(m.at, l),
  });
  const sums = [`${tr(l, 'report.sha.pdf')}: ${v.pdfSha256}`, `${tr(l, 'report.sha.docx')}: ${v.docxSha256}`];
  const receipt = tr(l, 'report.mail.receipt', { until: formatInstant(until, l) });
  const button = tr(l, 'report.receipt.button');
  const footer = tr(l, 'report.mail.footer');
  const text = [greeting, '', lead, '', facts, '', tr(l, 'report.mail.sums'), ...sums, '', receipt, `${button}: ${link}`, '', footer].join(
    '\n',
  );
  const html = mailHtml(
    l,
    subject,
    greeting,
    lead,
    h`<p>${facts}</p>
<p>${tr(l, 'report.mail.sums')}</p>
<ul>${sums.map((s) => h`<li><code>${s}</code></li>`)}</ul>
<p>${receipt}</p>
${mailButton(link, button)}`,
    footer,
  );
  await db.insert(t.mailOutbox).values({
    key: `${m.key}:${m.seatId}`,
    kind: 'report_handoff',
    seatId: m.seatId,
    holderId: m.holder.id,
    targetKind: 'report_version',
    targetId: v.id,
    scheduledAt: m.at,
    toAddress: m.holder.email,
    toName: m.holder.name,
    locale: l,
    subject,
    text,
    html,
    attachReportVersionId: v.id,
  });
  await storeLink(db, hash, {
    seatId: m.seatId,
    holderId: m.holder.id,
    action: 'receipt',
    targetKind: 'report_version',
    targetId: v.id,
    expiresAt: until,
  });
}
