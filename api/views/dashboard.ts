import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import { formatInstant, stockholmDate } from '../../core/time';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { ActivityItem, DecisionItem, MeetingItem, WorkItem } from '../../db/queries/dashboard';
import { roundReasonText, type RoundReason } from '../../core/rounds';

/** Pieces the dashboard pages share: tables of work, decisions, meetings and history. */

export const tr = (l: Locale, key: string, params?: Record<string, string | number>) => t(l, key as MessageKey, params);

/** A table's head row: one column header per message key. */
export const headRow = (l: Locale, ...keys: MessageKey[]): SafeHtml =>
  html`<thead><tr>${keys.map((k) => html`<th scope="col">${t(l, k)}</th>`)}</tr></thead>`;

export function statusBadge(l: Locale, item: { status: string; late?: boolean }): SafeHtml {
  if (item.late) return html`<span class="badge late">${t(l, 'dash.late')}</span>`;
  return html`<span class="badge ${item.status}">${tr(l, `task.status.${item.status}`)}</span>`;
}

export function workTable(l: Locale, caption: string, items: WorkItem[], opts: { party?: boolean } = {}): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noWork')}</p>`;
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${t(l, 'dash.task')}</th>${opts.party === false ? '' : html`<th scope="col">${t(l, 'dash.party')}</th>`}<th scope="col">${t(l, 'dash.seat')}</th><th scope="col">${t(l, 'dash.due')}</th><th scope="col">${t(l, 'dash.status')}</th></tr></thead>
<tbody>${items.map(
    (i) => html`<tr><td><a href="/tasks/${i.id}?lang=${l}">${i.title}</a></td>${
      opts.party === false ? '' : html`<td><a href="/parties/${i.organisationSlug}?lang=${l}">${i.organisationName}</a></td>`
    }<td>${i.seatTitle}</td><td>${formatDue(i.dueAt, l)}</td><td>${statusBadge(l, i)}${i.completedAt ? html` <span class="muted">${formatInstant(i.completedAt, l)}</span>` : ''}</td></tr>`,
  )}</tbody>
</table>`;
}

export function tallyText(l: Locale, d: DecisionItem): string {
  return t(l, 'dash.tally', { approve: d.tally.approve, reject: d.tally.reject, changes: d.tally.changes, voted: d.voted.length, voters: d.voterSeatIds.length });
}

export function decisionTable(l: Locale, caption: string, items: DecisionItem[], showTally: (d: DecisionItem) => boolean): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noDecisions')}</p>`;
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${t(l, 'dash.decision')}</th><th scope="col">${t(l, 'dash.body')}</th><th scope="col">${t(l, 'dash.due')}</th><th scope="col">${t(l, 'dash.status')}</th><th scope="col">${t(l, 'dash.tallyHeading')}</th></tr></thead>
<tbody>${items.map(
    (d) => html`<tr><td><a href="/decisions/${d.id}?lang=${l}">${d.title || d.question}</a></td><td>${d.bodyName}</td><td>${formatDue(d.dueAt, l)}</td><td>${
      d.status === 'closed' && d.outcome ? tr(l, `outcome.${d.outcome}`) : tr(l, `decision.status.${d.status}`)
    }</td><td>${showTally(d) ? tallyText(l, d) : html`<span class="muted">${t(l, 'dash.tallyHidden', { voted: d.voted.length, voters: d.voterSeatIds.length })}</span>`}</td></tr>`,
  )}</tbody>
</table>`;
}

export function meetingTable(l: Locale, caption: string, items: MeetingItem[]): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noMeetings')}</p>`;
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${t(l, 'dash.when')}</th><th scope="col">${t(l, 'dash.body')}</th><th scope="col">${t(l, 'dash.host')}</th><th scope="col">${t(l, 'dash.place')}</th></tr></thead>
<tbody>${items.map((m) => html`<tr><td>${formatInstant(m.startsAt, l)}</td><td>${m.bodyName}</td><td>${m.host ?? '–'}</td><td>${m.location || '–'}</td></tr>`)}</tbody>
</table>`;
}

/** Recent events; `labels` names their targets (a task's title and party) where known. */
export function activityList(l: Locale, caption: string, items: ActivityItem[], links = true, labels: Map<string, string> = new Map()): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(l, 'dash.noActivity')}</p>`;
  const target = (a: ActivityItem) => {
    const name = labels.get(a.targetId) ?? tr(l, `dash.target.${a.targetKind === 'task' || a.targetKind === 'decision' ? a.targetKind : 'other'}`);
    return links && (a.targetKind === 'task' || a.targetKind === 'decision') ? html`<a href="/${a.targetKind}s/${a.targetId}?lang=${l}">${name}</a>` : name;
  };
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${t(l, 'dash.when')}</th><th scope="col">${t(l, 'dash.what')}</th><th scope="col">${t(l, 'dash.who')}</th><th scope="col">${t(l, 'dash.concerns')}</th></tr></thead>
<tbody>${items.map(
    (a) => html`<tr><td>${formatInstant(a.at, l)}</td><td>${actionWord(l, a.action)}${reasonOf(a)}</td><td>${a.actorName ?? tr(l, `dash.actor.${a.actorKind}`)}</td><td>${target(a)}</td></tr>`,
  )}</tbody>
</table>`;
}

export const ACTIONS = [
  'task.assigned', 'task.completed', 'task.reassigned', 'task.extended', 'task.overdue', 'task.escalated', 'task.done', 'task.cancelled', 'task.skipped',
  'handoff.received', 'handover.sent', 'vote.cast', 'vote.changed', 'decision.requested', 'decision.closed', 'decision.cancelled',
  'cycle.started', 'cycle.completed', 'cycle.cancelled', 'cycle.closed.cancelled', 'phase.started', 'step.started', 'step.finished', 'step.skipped', 'step.loop',
  'link.viewed', 'link.used', 'link.refused', 'link.renewed', 'link.resent', 'mail.addressWrong',
  'meetings.started', 'meeting.hostsSwapped', 'meeting.hostSkipped', 'meeting.moved', 'meeting.cancelled', 'meeting.located', 'meeting.itemProposed',
] as const;
const knownActions = new Set<string>(ACTIONS);

function actionWord(l: Locale, action: string): string {
  return knownActions.has(action) ? tr(l, `action.${action}`) : action;
}

function reasonOf(a: ActivityItem): SafeHtml | string {
  const reason = (a.detail as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && reason ? html`: <span class="muted">${reason}</span>` : '';
}

export function mailTable(l: Locale, caption: string, rows: { id: string; subject: string; toName: string; status: string; attempts: number; createdAt: Date }[], readable: boolean): SafeHtml {
  if (!rows.length) return html`<p class="muted">${t(l, 'dash.noMail')}</p>`;
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${t(l, 'dash.when')}</th><th scope="col">${t(l, 'dash.to')}</th><th scope="col">${t(l, 'dash.subject')}</th><th scope="col">${t(l, 'dash.status')}</th><th scope="col">${t(l, 'dash.attempts')}</th></tr></thead>
<tbody>${rows.map(
    (m) => html`<tr><td>${formatInstant(m.createdAt, l)}</td><td>${m.toName}</td><td>${readable ? html`<a href="/outbox/${m.id}?lang=${l}">${m.subject}</a>` : m.subject}</td><td>${tr(l, `outbox.state.${m.status}`)}</td><td>${m.attempts}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The foot of a detail page: what happened, the mail sent (readable in outbox mode), the JSON twin. */
export function historyAndMail(l: Locale, data: { history: ActivityItem[]; mail: Parameters<typeof mailTable>[2] }, readable: boolean, json: string): SafeHtml {
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
  return html`<p class="round-reason"><strong>${roundReasonText(l, reason)}</strong>${reason.decisionId ? html` <a href="/decisions/${reason.decisionId}?lang=${l}">${t(l, 'round.reasonLink')}</a>` : ''}</p>`;
}
