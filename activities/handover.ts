import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { holderOn } from '../db/queries/directory';
import { owedBySeat } from '../db/queries/admin';
import { newToken, type LinkAction } from '../db/queries/links';
import { stockholmDate } from '../core/time';
import { formatDate, formatDue } from '../web/format';
import { html as h, joinHtml } from '../web/html';
import { roundTitle } from '../web/rounds';
import { t as tr, type Locale } from '../i18n';
import { appendAudit } from './audit';
import { mailHtml } from '../web/mail';
import { deadlinesIcs, linkExpiry, storeLink, type RenderedNotice } from './notices';
import type { HandoverResult } from '../workflows/handover';

/** One thing the seat owes, with the new holder's own link to it. */
export interface OwedItem {
  kind: 'task' | 'decision';
  id: string;
  title: string;
  dueAt: Date;
  /** A decision's question; a task's instructions stay on its page. */
  question?: string;
  link: string;
}

export function renderHandover(l: Locale, holderName: string, seat: string, from: Date, items: OwedItem[]): RenderedNotice {
  const subject = tr(l, 'handover.subject', { seat });
  const greeting = tr(l, 'notice.greeting', { name: holderName });
  const lead = tr(l, 'handover.lead', { seat, from: formatDate(from, l) });
  const footer = tr(l, 'notice.footer');
  const groups = [
    { heading: tr(l, 'handover.tasks'), button: tr(l, 'notice.button.complete'), items: items.filter((i) => i.kind === 'task') },
    { heading: tr(l, 'handover.decisions'), button: tr(l, 'notice.button.vote'), items: items.filter((i) => i.kind === 'decision') },
  ].filter((g) => g.items.length);
  const due = (i: OwedItem) => tr(l, 'notice.due', { due: formatDue(i.dueAt, l) });
  const text = [
    greeting,
    '',
    lead,
    ...groups.flatMap((g) => [
      '',
      `${g.heading}:`,
      ...g.items.flatMap((i) => [
        '',
        `- ${i.title}`,
        ...(i.question ? [`  ${i.question}`] : []),
        `  ${due(i)}`,
        `  ${g.button}: ${i.link}`,
      ]),
    ]),
    '',
    footer,
  ].join('\n');
  const item = (g: (typeof groups)[number], i: OwedItem) =>
    h`<li><strong>${i.title}</strong>${i.question ? h`<br>${i.question}` : ''}<br>${due(i)}<br><a href="${i.link}">${g.button}</a></li>`;
  const content = groups.map(
    (g) => h`<h2 style="font-size:1.1rem">${g.heading}</h2>
<ul>${joinHtml(
      g.items.map((i) => item(g, i)),
      '\n',
    )}</ul>`,
  );
  const html = mailHtml(l, subject, greeting, lead, joinHtml(content, '\n'), footer);
  const ics = deadlinesIcs(
    l,
    items.map((i) => ({ target: { kind: i.kind, id: i.id }, title: i.title, dueAt: i.dueAt.toISOString(), link: i.link })),
  );
  return { subject, text, html, ics };
}

/**
 * Writes the one mail that tells a seat's new holder everything the seat owes, each item with a
 * personal link, once: the outbox row's key makes a retry write nothing, and links are stored
 * only with the row that carries them. A holder no longer on the seat that day (a later change
 * replaced them) gets nothing; that change tells its own holder.
 */
export async function handOver(
  db: Db,
  publicUrl: string,
  args: { key: string; seatId: string; holderId: string; at: string },
): Promise<HandoverResult> {
  const { key, seatId, holderId, at } = args;
  const holder = await holderOn(db, seatId, stockholmDate(new Date(at)));
  if (!holder || holder.id !== holderId) return { tasks: 0, decisions: 0 };
  const [[seat], owed] = await Promise.all([
    db
      .select({ title: t.seats.title, organisation: t.organisations.shortName })
      .from(t.seats)
      .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
      .where(eq(t.seats.id, seatId)),
    owedBySeat(db, seatId),
  ]);
  if (!seat || owed.tasks.length + owed.decisions.length === 0) return { tasks: 0, decisions: 0 };

  const l = holder.locale;
  const minted = [
    // A co-owner of a shared task writes its part; the lead owner completes it.
    ...owed.tasks.map((w) => ({ kind: 'task' as const, action: (w.lead ? 'complete' : 'part') as LinkAction, w, question: undefined })),
    ...owed.decisions.map((w) => ({ kind: 'decision' as const, action: 'vote' as LinkAction, w, question: w.question })),
  ].map((x) => ({ ...x, token: newToken() }));
  const items: OwedItem[] = minted.map((x) => ({
    kind: x.kind,
    id: x.w.id,
    title: roundTitle(l, x.w.title || x.question || '', x.w.round),
    dueAt: x.w.dueAt,
    question: x.question,
    link: `${publicUrl}/l/${x.token.token}`,
  }));
  const seatName = `${seat.title} (${seat.organisation})`;
  const { subject, text, html, ics } = renderHandover(l, holder.name, seatName, new Date(at), items);
  await db.transaction(async (tx) => {
    const rows = await tx
      .insert(t.mailOutbox)
      .values({
        key: `${key}:${seatId}`,
        kind: 'handover',
        seatId,
        holderId,
        targetKind: 'seat',
        targetId: seatId,
        scheduledAt: new Date(at),
        toAddress: holder.email,
        toName: holder.name,
        locale: l,
        subject,
        text,
        html,
        ics,
      })
      .onConflictDoNothing({ target: t.mailOutbox.key })
      .returning({ id: t.mailOutbox.id });
    if (!rows.length) return;
    for (const x of minted) {
      const expiresAt = linkExpiry(x.action, at, x.w.dueAt.toISOString());
      await storeLink(tx as unknown as Db, x.token.hash, {
        seatId,
        holderId,
        action: x.action,
        targetKind: x.kind,
        targetId: x.w.id,
        expiresAt,
      });
      // The task's or decision's own history says who took it over and when.
      await appendAudit(
        tx as unknown as Db,
        { action: 'handover.sent', actor: { kind: 'system' }, at, detail: { holderId, name: holder.name }, dedupeKey: `${key}:${x.w.id}` },
        { kind: x.kind, id: x.w.id },
      );
    }
  });
  return { tasks: owed.tasks.length, decisions: owed.decisions.length };
}
