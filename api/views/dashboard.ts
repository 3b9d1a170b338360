import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import { formatInstant, stockholmDate } from '../../core/time';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { ActivityItem, DecisionItem, MeetingItem, WorkItem } from '../../db/queries/work-items';
import { type RoundReason } from '../../core/rounds';
import { roundReasonText } from '../../web/rounds';

/** Pieces the dashboard pages share: tables of work, decisions, meetings and history. */

export const tr = (l: Locale, key: string, params?: Record<string, string | number>) => t(l, key as MessageKey, params);

type Cell = Parameters<typeof html>[1];

/** A table row, one cell per value. */
export const row = (...cells: Cell[]): SafeHtml => html`<tr>${cells.map((c) => html`<td>${c}</td>`)}</tr>`;

/** A checkbox that confirms what a form does, with its label. */
export const confirmBox = (id: string, label: string): SafeHtml =>
  html`<p><input type="checkbox" id="${id}" name="confirm" value="yes" required> <label for="${id}">${label}</label></p>`;

/** A table's head row: one column header per message key. */
export const headRow = (l: Locale, ...keys: MessageKey[]): SafeHtml =>
  html`<thead><tr>${keys.map((k) => html`<th scope="col">${t(l, k)}</th>`)}</tr></thead>`;

export function statusBadge(l: Locale, item: { status: string; late?: boolean }): SafeHtml {
  if (item.late) return html`<span class="badge late">${t(l, 'dash.late')}</span>`;
  return html`<span class="badge ${item.status}">${tr(l, `task.status.${item.status}`)}</span>`;
}

export function workTable(l: Locale, caption: string, items: WorkItem[], opts: { party?: boolean } = {}): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noWork')}</p>`;
  const party = opts.party !== false;
  const columns: MessageKey[] = ['dash.task', ...(party ? (['dash.party'] as const) : []), 'dash.seat', 'dash.due', 'dash.status'];
  const cells = (i: WorkItem) => {
    const done = i.completedAt ? html` <span class="muted">${formatInstant(i.completedAt, l)}</span>` : '';
    const task = html`<a href="/tasks/${i.id}?lang=${l}">${i.title}</a>`;
    const org = html`<a href="/parties/${i.organisationSlug}?lang=${l}">${i.organisationName}</a>`;
    return [task, ...(party ? [org] : []), i.seatTitle, formatDue(i.dueAt, l), html`${statusBadge(l, i)}${done}`];
  };
  return html`<table>
<caption>${caption}</caption>
${headRow(l, ...columns)}
<tbody>${items.map((i) => row(...cells(i)))}</tbody>
</table>`;
}

export function tallyText(l: Locale, d: DecisionItem): string {
  return t(l, 'dash.tally', {
    approve: d.tally.approve,
    reject: d.tally.reject,
    changes: d.tally.changes,
    voted: d.voted.length,
    voters: d.voterSeatIds.length,
  });
}

export function decisionTable(l: Locale, caption: string, items: DecisionItem[], showTally: (d: DecisionItem) => boolean): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noDecisions')}</p>`;
  const status = (d: DecisionItem) =>
    d.status === 'closed' && d.outcome ? tr(l, `outcome.${d.outcome}`) : tr(l, `decision.status.${d.status}`);
  const tally = (d: DecisionItem) =>
    showTally(d)
      ? tallyText(l, d)
      : html`<span class="muted">${t(l, 'dash.tallyHidden', { voted: d.voted.length, voters: d.voterSeatIds.length })}</span>`;
  const link = (d: DecisionItem) => html`<a href="/decisions/${d.id}?lang=${l}">${d.title || d.question}</a>`;
  return html`<table>
<caption>${caption}</caption>
${headRow(l, 'dash.decision', 'dash.body', 'dash.due', 'dash.status', 'dash.tallyHeading')}
<tbody>${items.map((d) => row(link(d), d.bodyName, formatDue(d.dueAt, l), status(d), tally(d)))}</tbody>
</table>`;
}

export function meetingTable(l: Locale, caption: string, items: MeetingItem[]): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noMeetings')}</p>`;
  return html`<table>
<caption>${caption}</caption>
${headRow(l, 'dash.when', 'dash.body', 'dash.host', 'dash.place')}
<tbody>${items.map((m) => row(formatInstant(m.startsAt, l), m.bodyName, m.host ?? '–', m.location || '–'))}</tbody>
</table>`;
}

/** Recent events; `labels` names their targets (a task's title and party) where known. */
export function activityList(
  l: Locale,
  caption: string,
  items: ActivityItem[],
  links = true,
  labels: Map<string, string> = new Map(),
): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noActivity')}</p>`;
  const target = (a: ActivityItem) => {
    const name =
      labels.get(a.targetId) ?? tr(l, `dash.target.${a.targetKind === 'task' || a.targetKind === 'decision' ? a.targetKind : 'other'}`);
    return links && (a.targetKind === 'task' || a.targetKind === 'decision')
      ? html`<a href="/${a.targetKind}s/${a.targetId}?lang=${l}">${name}</a>`
      : name;
  };
  const what = (a: ActivityItem) => html`${actionWord(l, a.action)}${reasonOf(a)}`;
  return html`<table>
<caption>${caption}</caption>
${headRow(l, 'dash.when', 'dash.what', 'dash.who', 'dash.concerns')}
<tbody>${items.map((a) => row(formatInstant(a.at, l), what(a), a.actorName ?? tr(l, `dash.actor.${a.actorKind}`), target(a)))}</tbody>
</table>`;
}

export const ACTIONS = [
  'task.assigned',
  'task.completed',
  'task.reassigned',
  'task.extended',
  'task.overdue',
  'task.escalated',
  'task.done',
  'task.cancelled',
  'task.skipped',
  'handoff.received',
  'handover.sent',
  'vote.cast',
  'vote.changed',
  'decision.requested',
  'decision.asked',
  'decision.closed',
  'decision.cancelled',
  'cycle.started',
  'cycle.completed',
  'cycle.cancelled',
  'cycle.closed.cancelled',
  'phase.started',
  'step.started',
  'step.finished',
  'step.skipped',
  'step.loop',
  'link.viewed',
  'link.used',
  'link.refused',
  'link.renewed',
  'link.resent',
  'mail.addressWrong',
  'meetings.started',
  'meeting.hostsSwapped',
  'meeting.hostSkipped',
  'meeting.moved',
  'meeting.cancelled',
  'meeting.located',
  'meeting.itemProposed',
  'followUp.saved',
  'followUp.asked',
  'report.handedOff',
  'report.receipt',
] as const;
const knownActions = new Set<string>(ACTIONS);

function actionWord(l: Locale, action: string): string {
  return knownActions.has(action) ? tr(l, `action.${action}`) : action;
}

function reasonOf(a: ActivityItem): SafeHtml | string {
  const reason = (a.detail as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && reason ? html`: <span class="muted">${reason}</span>` : '';
}

export function mailTable(
  l: Locale,
  caption: string,
  rows: { id: string; subject: string; toName: string; status: string; attempts: number; createdAt: Date }[],
  readable: boolean,
): SafeHtml {
  if (!rows.length) return html`<p class="muted">${t(l, 'dash.noMail')}</p>`;
  const subject = (m: (typeof rows)[number]) => (readable ? html`<a href="/outbox/${m.id}?lang=${l}">${m.subject}</a>` : m.subject);
  return html`<table>
<caption>${caption}</caption>
${headRow(l, 'dash.when', 'dash.to', 'dash.subject', 'dash.status', 'dash.attempts')}
<tbody>${rows.map((m) => row(formatInstant(m.createdAt, l), m.toName, subject(m), tr(l, `outbox.state.${m.status}`), m.attempts))}</tbody>
</table>`;
}

/** The foot of a detail page: what happened, the mail sent (readable in outbox mode), the JSON twin. */
export function historyAndMail(
  l: Locale,
  data: { history: ActivityItem[]; mail: Parameters<typeof mailTable>[2] },
  readable: boolean,
  json: string,
): SafeHtml {
  return html`<h2>${t(l, 'dash.history')}</h2>
${activityList(l, t(l, 'dash.history'), data.history, false)}
<h2>${t(l, 'dash.mailSent')}</h2>
${mailTable(l, t(l, 'dash.mailSent'), data.mail, readable)}
<p class="muted"><a href="${json}">${t(l, 'dash.json')}</a></p>`;
}

/** A notice at the top of a page after an action: what happened, or what went wrong. */
export function flash(l: Locale, done: string | undefined, error: string | undefined): SafeHtml | string {
  if (error) return html`<div class="flash error" role="alert"><p>${error}</p></div>`;
  if (done) return html`<div class="flash ok" role="status"><p>${tr(l, `dash.done.${done}`)}</p></div>`;
  return '';
}

export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

/** Today's date in Stockholm, for `min` of date inputs. */
export const todayInput = () => stockholmDate(new Date());

/** Why this round ran, with a link to the decision that sent the step back. */
export function roundNote(l: Locale, reason: (RoundReason & { decisionId?: string }) | undefined): SafeHtml | string {
  if (!reason) return '';
  const link = reason.decisionId ? html` <a href="/decisions/${reason.decisionId}?lang=${l}">${t(l, 'round.reasonLink')}</a>` : '';
  return html`<p class="round-reason"><strong>${roundReasonText(l, reason)}</strong>${link}</p>`;
}
