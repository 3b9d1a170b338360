import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t } from '../../i18n';
import type { DefinitionIssue } from '../definitions';
import type { definitionDiff, definitionInUse, definitionList } from '../services/definitions-admin';
import { adminPage, caption, diffView, issueList, remindersText, stepsTable, th } from './admin';

/** The cycle definitions' pages in the admin area: every version, one version, a diff, and the upload form. */

type Versions = Awaited<ReturnType<typeof definitionList>>;
type InUse = Awaited<ReturnType<typeof definitionInUse>>;
type Diff = Awaited<ReturnType<typeof definitionDiff>>;

export function definitionsPage(request: FastifyRequest, rows: Versions): string {
  const l = request.locale;
  const row = (r: Versions[number]) => {
    const base = `/admin/definitions/${r.key}/${r.version}`;
    const diff = r.version > 1 ? html`<a href="${base}/diff?lang=${l}">${t(l, 'admin.def.diffLink', { version: r.version - 1 })}</a>` : '';
    const name = html`<a href="${base}?lang=${l}">${r.name}</a>`;
    const created = formatInstant(r.createdAt, l);
    return html`<tr><td><code>${r.key}</code></td><td>${name}</td><td>${r.version}</td><td>${created}</td><td>${diff}</td></tr>`;
  };
  const heads = th(l, 'admin.def.key', 'admin.def.name', 'admin.def.version', 'admin.def.created', 'admin.def.compare');
  const body = html`<h1>${t(l, 'admin.definitions')}</h1>
<p><a href="/admin/definitions/new?lang=${l}">${t(l, 'admin.def.upload')}</a></p>
<table>${caption(t(l, 'admin.def.caption'))}${heads}<tbody>${rows.map(row)}</tbody></table>`;
  return adminPage(request, { title: t(l, 'admin.definitions'), path: '/admin/definitions', body, json: '/api/admin/definitions' });
}

export function definitionPage(request: FastifyRequest, { row, definition: def, cycles }: InUse, saved: boolean): string {
  const l = request.locale;
  const title = t(l, 'admin.def.versionTitle', { name: row.name, version: row.version });
  const roles = Object.entries(def.roles ?? {});
  const inUse = cycles.map((c) => `${c.year} (${t(l, `cycle.status.${c.status}`)})`).join(', ');
  const path = `/admin/definitions/${row.key}/${row.version}`;
  const diffLink = html`<a href="${path}/diff?lang=${l}">${t(l, 'admin.def.diffLink', { version: row.version - 1 })}</a> · `;
  const roleHeads = th(l, 'admin.def.role', 'admin.seat.title');
  const roleRow = ([role, seat]: [string, string]) =>
    html`<tr><td><code>${role}</code></td><td><a href="/admin/seats/${seat}?lang=${l}">${seat}</a></td></tr>`;
  const body = html`<h1>${title}</h1>
${saved ? html`<p role="status"><strong>${t(l, 'admin.upload.saved', { key: row.key, version: row.version })}</strong></p>` : ''}
<p class="muted">${t(l, 'admin.def.meta', { key: row.key, version: row.version, created: formatInstant(row.createdAt, l) })}</p>
${def.description ? html`<p>${def.description}</p>` : ''}
<p>${cycles.length ? t(l, 'admin.def.inUse', { cycles: inUse }) : t(l, 'admin.def.notInUse')}</p>
<p>${row.version > 1 ? diffLink : ''}<a href="/admin/definitions/new?lang=${l}&amp;from=${row.key}&amp;version=${row.version}">${t(
    l,
    'admin.def.editCopy',
  )}</a></p>
${roles.length ? html`<table>${caption(t(l, 'admin.def.roles'))}${roleHeads}<tbody>${roles.map(roleRow)}</tbody></table>` : ''}
${def.defaults?.reminders ? html`<p>${t(l, 'admin.def.defaults', { reminders: remindersText(l, def.defaults.reminders) })}</p>` : ''}
<p class="muted">${t(l, 'admin.def.dueLegend')}</p>
${stepsTable(l, def)}`;
  return adminPage(request, { title, path, body, json: `/api${path}` });
}

export function definitionDiffPage(request: FastifyRequest, { to, from, diff }: Diff): string {
  const l = request.locale;
  const versionTitle = t(l, 'admin.def.versionTitle', { name: to.name, version: to.version });
  const title = from ? t(l, 'admin.diff.title', { from: from.version, to: to.version }) : versionTitle;
  const body = html`<h1>${title}</h1>
<p><a href="/admin/definitions/${to.key}/${to.version}?lang=${l}">${versionTitle}</a></p>
${
  from && diff
    ? html`<p class="muted">${t(l, 'admin.diff.of', { name: to.name, from: from.version, to: to.version })}</p>${diffView(l, diff)}`
    : html`<p>${t(l, 'admin.diff.noPrevious')}</p>`
}`;
  const path = `/admin/definitions/${to.key}/${to.version}/diff`;
  return adminPage(request, { title, path, body, json: `/api/admin/definitions/${to.key}/${to.version}/diff` });
}

/** The upload form, with the text as sent and, once checked, its problems or how much it holds. */
export function uploadPage(
  request: FastifyRequest,
  text: string,
  result?: { issues: DefinitionIssue[]; valid?: { steps: number; phases: number } },
): string {
  const l = request.locale;
  const coordinator = request.user?.role === 'coordinator';
  const invalid = result && result.issues.length > 0;
  const body = html`<h1>${t(l, 'admin.upload.title')}</h1>
<p>${t(l, 'admin.upload.lead')}</p>
<p class="muted">${t(l, 'admin.upload.coordinatorSaves')}</p>
${invalid ? issueList(t(l, 'admin.upload.invalid', { count: result.issues.length }), result.issues) : ''}
${result?.valid ? html`<p role="status"><strong>${t(l, 'admin.upload.valid', result.valid)}</strong></p>` : ''}
<form method="post" action="/admin/definitions?lang=${l}">
<input type="hidden" name="_csrf" value="${request.user?.csrfToken ?? ''}">
<p><label for="definition">${t(l, 'admin.upload.label')}</label><br>
<textarea id="definition" name="definition" rows="24" cols="100" spellcheck="false" class="code-input"${
    invalid ? html` aria-invalid="true"` : ''
  }>${text}</textarea></p>
<p><button type="submit" name="action" value="validate">${t(l, 'admin.upload.validate')}</button>${
    coordinator ? html` <button type="submit" name="action" value="save">${t(l, 'admin.upload.save')}</button>` : ''
  }</p>
</form>`;
  return adminPage(request, { title: t(l, 'admin.upload.title'), path: '/admin/definitions/new', body });
}
