import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import type { Assignees, CycleDefinition, ReminderPolicy, Step } from '../../core/definition';
import type { DefinitionDiff, FieldChange } from '../../core/definition-diff';
import type * as schema from '../../db/schema';
import type { OpenWork } from '../../db/queries/admin';
import { t, type Locale, type MessageKey } from '../../i18n';
import { page } from './layout';

export const adminSections: [string, MessageKey][] = [
  ['/admin', 'admin.title'],
  ['/admin/organisations', 'admin.organisations'],
  ['/admin/bodies', 'admin.bodies'],
  ['/admin/strategy', 'admin.strategy'],
  ['/admin/measures', 'admin.measures'],
  ['/admin/indicators', 'admin.indicators'],
  ['/admin/definitions', 'admin.definitions'],
  ['/admin/audit', 'admin.nav.audit'],
];

/** The section a path belongs to: the longest section path it starts with; seats belong to bodies. */
const sectionOf = (path: string) => {
  const within = path.startsWith('/admin/seats/') ? '/admin/bodies' : path;
  return adminSections
    .map(([p]) => p)
    .filter((p) => within === p || within.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
};

function adminNav(l: Locale, path: string): SafeHtml {
  const current = sectionOf(path);
  const items = adminSections.map(
    ([p, key]) => html`<li><a href="${p}?lang=${l}"${p === current ? html` aria-current="page"` : ''}>${t(l, key)}</a></li>`,
  );
  return html`<nav aria-label="${t(l, 'admin.nav')}"><ul class="admin-nav">${items}</ul></nav>`;
}

/** A page of the admin area: the section menu, the body, and where its JSON twin lives. */
export function adminPage(request: FastifyRequest, opts: { title: string; path: string; body: SafeHtml; json?: string }): string {
  const l = request.locale;
  const footer = opts.json ? html`<a href="${opts.json}">${t(l, 'admin.json')}</a>` : undefined;
  return page({
    locale: l,
    title: opts.title,
    body: html`${adminNav(l, opts.path)}${opts.body}`,
    path: opts.path,
    footer,
    user: request.user,
  });
}

export const tr = (l: Locale, key: string, params?: Record<string, string | number>) => t(l, key as MessageKey, params);

export const th = (l: Locale, ...keys: MessageKey[]) =>
  html`<thead><tr>${keys.map((k) => html`<th scope="col">${t(l, k)}</th>`)}</tr></thead>`;

export const caption = (text: string) => html`<caption class="muted">${text}</caption>`;

/** Where a holder stands on a Stockholm date: on the seat, still to come, or gone. */
export function holderState(l: Locale, h: Pick<schema.Holder, 'validFrom' | 'validTo'>, today: string): string {
  if (h.validFrom > today) return t(l, 'admin.holder.future');
  if (h.validTo !== null && h.validTo < today) return t(l, 'admin.holder.past');
  return t(l, 'admin.holder.current');
}

export function holdersTable(
  l: Locale,
  holders: schema.Holder[],
  today: string,
  title: string,
  seatOf?: (h: schema.Holder) => SafeHtml,
): SafeHtml {
  const keys: MessageKey[] = [
    ...(seatOf ? (['admin.seat.title'] as MessageKey[]) : []),
    'admin.holder.name',
    'admin.holder.email',
    'admin.holder.from',
    'admin.holder.to',
    'admin.holder.state',
  ];
  const marked = html` <span class="badge late">${t(l, 'outbox.markedShort')}</span>`;
  const row = (h: (typeof holders)[number]) => {
    const cells = [
      h.name,
      h.email,
      h.validFrom,
      h.validTo ?? t(l, 'admin.holder.ongoing'),
      html`${holderState(l, h, today)}${h.emailInvalidAt ? marked : ''}`,
    ];
    return html`<tr>${seatOf ? html`<td>${seatOf(h)}</td>` : ''}${cells.map((c) => html`<td>${c}</td>`)}</tr>`;
  };
  return html`<table>${caption(title)}${th(l, ...keys)}<tbody>${holders.map(row)}</tbody></table>`;
}

const cycleText = (id: string | null) => (id ? id.replace(/^cycle\//, '') : '–');

/** A seat's open tasks and the open decisions it votes in. */
export function openWorkView(l: Locale, work: OpenWork): SafeHtml {
  if (!work.tasks.length && !work.decisions.length) return html`<p>${t(l, 'admin.openWork.none')}</p>`;
  const table = (title: string, rows: { title: string; dueAt: Date; cycleId: string | null }[]) =>
    rows.length
      ? html`<table>${caption(title)}${th(l, 'admin.work.title', 'admin.work.due', 'admin.work.cycle')}<tbody>${rows.map(
          (r) => html`<tr><td>${r.title}</td><td>${formatDue(r.dueAt, l)}</td><td>${cycleText(r.cycleId)}</td></tr>`,
        )}</tbody></table>`
      : '';
  return html`${table(t(l, 'admin.openWork.tasks'), work.tasks)}${table(t(l, 'admin.openWork.decisions'), work.decisions)}`;
}

/**
 * A feed on a register page: the body's address, which the coordinator may see; for a seat only
 * that the address is its holder's. Either way the form that replaces the key.
 */
export function feedView(l: Locale, kind: 'seat' | 'body', url: string | null, rotate: { action: string; csrf: string }): SafeHtml {
  return html`<section aria-labelledby="feed">
<h2 id="feed">${t(l, 'admin.feed.title')}</h2>
<p>${t(l, kind === 'seat' ? 'admin.feed.seat' : 'admin.feed.body')}</p>
${url ? html`<p>${t(l, 'admin.feed.address')}: <code class="break-all">${url}</code></p>` : html`<p>${t(l, 'admin.feed.holderOnly')}</p>`}
${rotateFeedForm(l, rotate.action, rotate.csrf)}
</section>`;
}

export function rotateFeedForm(l: Locale, action: string, csrf: string): SafeHtml {
  return html`<form method="post" action="${action}?lang=${l}" class="action">\
<input type="hidden" name="_csrf" value="${csrf}"><p>${t(l, 'admin.feed.rotateLead')}</p>\
<button type="submit">${t(l, 'admin.feed.rotate')}</button></form>`;
}

/** Field errors as a list the reader can act on, announced when the page loads. */
export function issueList(
  heading: string,
  issues: { path: string; message: string }[],
  labelOf?: (path: string) => string | undefined,
): SafeHtml {
  const where = (path: string) => {
    const label = labelOf?.(path);
    return label ? html`<strong>${label}</strong>` : html`<code>${path}</code>`;
  };
  const items = issues.map((i) => html`<li>${where(i.path)}: ${i.message}</li>`);
  return html`<div role="alert" class="error"><p><strong>${heading}</strong></p><ul>${items}</ul></div>`;
}

// ── Cycle definitions ──
function who(l: Locale, a: Assignees, def: CycleDefinition): string {
  switch (a.kind) {
    case 'seats':
      return t(l, 'admin.who.seats', { seats: a.seats.join(', ') });
    case 'body':
      return a.mandates?.length
        ? t(l, 'admin.who.bodyMandates', { body: a.body, mandates: a.mandates.map((m) => tr(l, `mandate.${m}`)).join(', ') })
        : t(l, 'admin.who.body', { body: a.body });
    case 'role':
      return t(l, 'admin.who.role', { role: a.role, seat: def.roles[a.role] ?? '?' });
    case 'measureOwners':
      return a.of !== undefined
        ? t(l, 'admin.who.measuresOf', { step: a.of, body: a.via })
        : t(l, 'admin.who.measureOwners', { plan: a.actionPlan ?? '', body: a.via });
  }
}

export function remindersText(l: Locale, r: ReminderPolicy | undefined): string {
  if (!r) return '';
  const parts = [
    r.before.length ? t(l, 'admin.rem.before', { list: r.before.join(', ') }) : '',
    r.onTheDay ? t(l, 'admin.rem.onTheDay') : '',
    r.thenEvery ? t(l, 'admin.rem.thenEvery', { every: r.thenEvery }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : t(l, 'admin.rem.none');
}

function stepDetails(l: Locale, s: Step): SafeHtml {
  const lines: string[] = [];
  if ('concurrent' in s && s.concurrent) lines.push(t(l, 'admin.def.concurrent'));
  if (s.kind === 'decision') {
    lines.push(t(l, 'admin.def.question', { question: s.question }));
    lines.push(
      t(l, 'admin.def.rule', {
        rule: s.rule.kind === 'quorum' ? t(l, 'admin.rule.quorum', { quorum: s.rule.quorum }) : tr(l, `admin.rule.${s.rule.kind}`),
      }),
    );
  }
  if (s.kind === 'handoff') lines.push(t(l, 'admin.def.recipient', { recipient: s.recipient }));
  return html`${lines.map((line, i) => html`${i ? html`<br>` : ''}${line}`)}`;
}

/** Every step of a definition in run order, one row each and one row group per phase, in words. */
export function stepsTable(l: Locale, def: CycleDefinition): SafeHtml {
  const row = (s: Step, phaseCell: SafeHtml | '') => {
    const assignees = 'assignees' in s ? (s.assignees as Assignees) : undefined;
    const whoText = s.kind === 'decision' ? t(l, 'admin.who.voters', { body: s.body }) : assignees ? who(l, assignees, def) : '';
    const due = 'due' in s ? String(s.due) : '';
    const own = 'reminders' in s ? (s.reminders as ReminderPolicy | undefined) : undefined;
    const reminders = own
      ? remindersText(l, own)
      : s.kind === 'meetings'
        ? ''
        : html`<span class="muted">${t(l, 'admin.rem.default')}</span>`;
    const step = html`<td>${s.title}<br><code class="muted">${s.key}</code></td><td>${tr(l, `admin.kind.${s.kind}`)}</td>`;
    const rest = html`<td class="wrap-anywhere">${whoText}</td><td><code class="nowrap">${due}</code></td><td>${reminders}</td>`;
    return html`<tr>${phaseCell}${step}${rest}<td>${stepDetails(l, s)}</td></tr>`;
  };
  const head = th(
    l,
    'admin.def.phase',
    'admin.def.step',
    'admin.def.kind',
    'admin.def.who',
    'admin.def.due',
    'admin.def.reminders',
    'admin.def.details',
  );
  const phaseHead = (phase: (typeof def.phases)[number]) => html`<th scope="rowgroup" rowspan="${phase.steps.length}">${phase.title}</th>`;
  const body = (phase: (typeof def.phases)[number]) =>
    html`<tbody>${phase.steps.map((s, i) => row(s, i === 0 ? phaseHead(phase) : ''))}</tbody>`;
  return html`<table>${caption(t(l, 'admin.def.steps'))}${head}${def.phases.map(body)}</table>`;
}

/** A name with its key beside it, muted. */
const keyed = (title: string, key: string) => html`${title} <code class="muted">${key}</code>`;

const shown = (v: unknown) => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));

function changesTable(l: Locale, title: string, changes: FieldChange[]): SafeHtml {
  return html`<table>${caption(title)}${th(l, 'admin.diff.field', 'admin.diff.before', 'admin.diff.after')}<tbody>${changes.map(
    (c) => html`<tr><td><code>${c.field}</code></td><td><del>${shown(c.before)}</del></td><td><ins>${shown(c.after)}</ins></td></tr>`,
  )}</tbody></table>`;
}

/** A step-level diff: what was added, removed, and which fields of which steps changed. */
export function diffView(l: Locale, diff: DefinitionDiff): SafeHtml {
  if (diff.unchanged) return html`<p>${t(l, 'admin.diff.unchanged')}</p>`;
  const count = (status: string) => diff.steps.filter((s) => s.status === status).length;
  const definitionChanges = diff.definition.length
    ? html`<h2>${t(l, 'admin.diff.definition')}</h2>${changesTable(l, t(l, 'admin.diff.definition'), diff.definition)}`
    : '';
  const phaseChange = (c: FieldChange) => html`<br><del>${shown(c.before)}</del> → <ins>${shown(c.after)}</ins>`;
  const phaseRow = (ph: (typeof diff.phases)[number]) =>
    html`<tr><td>${keyed(ph.title, ph.key)}</td><td>${tr(l, `admin.diff.${ph.status}`)}${ph.changes.map(phaseChange)}</td></tr>`;
  const phaseHead = th(l, 'admin.def.phase', 'admin.diff.change');
  const phaseTable = html`<table>${caption(t(l, 'admin.diff.phases'))}${phaseHead}<tbody>${diff.phases.map(phaseRow)}</tbody></table>`;
  const phases = diff.phases.length ? html`<h2>${t(l, 'admin.diff.phases')}</h2>${phaseTable}` : '';
  const stepSection = (s: (typeof diff.steps)[number]) => {
    const status = tr(l, `admin.diff.${s.status}`);
    const where = s.status === 'changed' ? '' : html`<p class="muted">${t(l, 'admin.diff.inPhase', { phase: s.phase })}</p>`;
    const changes = s.changes.length ? changesTable(l, `${s.key}: ${status}`, s.changes) : '';
    const heading = html`<h3 id="diff-${s.key}">${keyed(s.title, s.key)}: ${status}</h3>`;
    return html`<section aria-labelledby="diff-${s.key}">${heading}${where}${changes}</section>`;
  };
  const steps = diff.steps.length ? html`<h2>${t(l, 'admin.diff.steps')}</h2>${diff.steps.map(stepSection)}` : '';
  return html`<p>${t(l, 'admin.diff.summary', { added: count('added'), removed: count('removed'), changed: count('changed') })}</p>
${definitionChanges}
${phases}
${steps}`;
}
