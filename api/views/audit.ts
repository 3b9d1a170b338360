import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { AuditRow } from '../../db/queries/audit';
import { adminPage, caption, th } from './admin';

/** Who acted, as a reader names them: the person and their seat, or the system. */
const who = (l: Locale, r: AuditRow) =>
  r.holder ? (r.seat ? `${r.holder} (${r.seat})` : r.holder) : (r.seat ?? t(l, 'audit.page.system'));

/**
 * The coordinator's audit page: a period to download as CSV (the same export as the API's), and
 * the latest events for a look without a spreadsheet.
 */
export function auditPage(request: FastifyRequest, data: { events: AuditRow[]; from: string; to: string }): string {
  const l = request.locale;
  const row = (r: AuditRow) =>
    html`<tr><td>${formatInstant(r.at, l)}</td><td>${who(l, r)}</td><td>${
      r.door ? t(l, `audit.door.${r.door}` as MessageKey) : ''
    }</td><td><code>${r.action}</code></td><td class="wrap-anywhere">${r.targetKind}: ${r.targetId}</td></tr>`;
  const table = data.events.length
    ? html`<table>${caption(t(l, 'audit.page.latest', { count: data.events.length }))}${th(
        l,
        'audit.page.when',
        'audit.page.who',
        'audit.page.door',
        'audit.page.action',
        'audit.page.target',
      )}<tbody>${data.events.map(row)}</tbody></table>`
    : html`<p>${t(l, 'audit.page.none')}</p>`;
  const body = html`<h1>${t(l, 'audit.page.title')}</h1>
<p>${t(l, 'audit.page.intro')}</p>
<form method="get" action="/api/admin/audit.csv" class="action"><fieldset><legend>${t(l, 'audit.page.download')}</legend>
<input type="hidden" name="lang" value="${l}">
<p><label for="audit-from">${t(l, 'audit.page.from')}</label>
<input id="audit-from" name="from" type="date" required value="${data.from}"></p>
<p><label for="audit-to">${t(l, 'audit.page.to')}</label>
<input id="audit-to" name="to" type="date" required value="${data.to}"></p>
<button type="submit">${t(l, 'audit.page.submit')}</button></fieldset></form>
${table}`;
  return adminPage(request, { title: t(l, 'audit.page.title'), path: '/admin/audit', body });
}
