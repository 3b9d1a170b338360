import { html, type SafeHtml } from '../../web/html';
import { excerpt } from '../../activities/notices';
import type { FollowUpCell, FollowUpRow, FollowUpTable } from '../../db/queries/follow-ups';
import { t, type Locale, type MessageKey } from '../../i18n';
import { csrfField, flash } from './dashboard';
import { followUpStatusLabel, linkList } from './follow-up-forms';
import type { CycleRef } from '../services/cycles';

/** The coordinator's table of measure follow-up: one table per goal, a column per follow-up step. */

/** How much of an owner's report a cell quotes; the task page has all of it. */
const TEXT_CHARS = 160;

export interface FollowUpPage {
  ref: CycleRef;
  table: FollowUpTable;
  coordinator: boolean;
  csrf: string;
  done?: string;
  error?: string;
}

const stateLabel = (l: Locale, state: FollowUpCell['state']) => t(l, `fu.state.${state}` as MessageKey);

function askForm(l: Locale, p: FollowUpPage, row: FollowUpRow, step: string, cell: FollowUpCell): SafeHtml | string {
  if (!p.coordinator || (cell.state !== 'open' && cell.state !== 'overdue' && cell.state !== 'done')) return '';
  const label = t(l, cell.state === 'done' ? 'fu.askComplement' : 'fu.ask');
  const id = `ask-${cell.taskId}`;
  return html`<details><summary>${label}<span class="visually-hidden"> ${t(l, 'fu.askFor', { code: row.code, step })}</span></summary>
<form method="post" action="/cycles/${p.ref.definition}/${p.ref.year}/follow-up/ask?lang=${l}" class="action">
${csrfField(p.csrf)}<input type="hidden" name="task" value="${cell.taskId}">
<label for="${id}">${t(l, 'fu.askMessage', { who: row.owners[0] ?? '' })}</label>
<textarea id="${id}" name="message" rows="3" cols="10"></textarea>
<button type="submit">${label}</button></form></details>`;
}

function cellHtml(l: Locale, p: FollowUpPage, row: FollowUpRow, step: { key: string; title: string }): SafeHtml {
  const cell = row.cells[step.key];
  if (!cell) return html`<td class="muted">${t(l, 'fu.notStarted')}</td>`;
  const status = cell.status ? html`<br><strong>${followUpStatusLabel(l, cell.status)}</strong>` : '';
  const text = cell.text ? html`<p>${excerpt(cell.text, TEXT_CHARS)}</p>` : '';
  const links = cell.links.length ? linkList(l, cell.links) : '';
  const files = cell.attachments.length ? html`<p>${t(l, 'fu.attachments', { names: cell.attachments.join(', ') })}</p>` : '';
  const which = html`<span class="visually-hidden"> – ${t(l, 'fu.askFor', { code: row.code, step: step.title })}</span>`;
  return html`<td><a href="/tasks/${cell.taskId}?lang=${l}">${stateLabel(l, cell.state)}${which}</a>${status}${text}${links}${files}
${askForm(l, p, row, step.title, cell)}</td>`;
}

function goalTable(l: Locale, p: FollowUpPage, goal: FollowUpTable['goals'][number], index: number): SafeHtml {
  const heading = goal.number === null ? t(l, 'fu.noGoal') : t(l, 'fu.goal', { number: goal.number, title: goal.title ?? '' });
  const { steps } = p.table;
  const rows = goal.measures.map(
    (m) => html`<tr><th scope="row">${m.code} ${m.title}</th><td>${m.owners.join(', ')}</td>${steps.map((s) => cellHtml(l, p, m, s))}</tr>`,
  );
  return html`<section aria-labelledby="goal-${index}"><h2 id="goal-${index}">${heading}</h2>
<table class="follow-up"><caption class="visually-hidden">${heading}</caption>
<thead><tr><th scope="col">${t(l, 'fu.measure')}</th><th scope="col">${t(l, 'fu.owners')}</th>${steps.map(
    (s) => html`<th scope="col">${s.title}</th>`,
  )}</tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** The page: the cycle named, then a table per goal. */
export function followUpPage(l: Locale, p: FollowUpPage): SafeHtml {
  const base = `/cycles/${p.ref.definition}/${p.ref.year}`;
  const goals = p.table.goals;
  return html`<h1>${t(l, 'fu.page', { year: p.ref.year })}</h1>
${flash(l, p.done, p.error)}
<p>${t(l, 'dash.cycle')}: <a href="${base}?lang=${l}">${p.table.name} ${p.ref.year}</a></p>
<p>${t(l, 'fu.intro')}</p>
${goals.length ? goals.map((g, i) => goalTable(l, p, g, i + 1)) : html`<p class="muted">${t(l, 'fu.none')}</p>`}
<p class="muted noprint"><a href="/api${base}/follow-up">${t(l, 'fu.json')}</a></p>`;
}
