import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { definitionVersion, latestDefinition, saveDefinitionVersion } from '../../db/queries/definitions';
import { cyclesOnDefinition, definitionVersions } from '../../db/queries/admin';
import { cycleDefinition, type CycleDefinition } from '../../core/definition';
import { diffDefinitions } from '../../core/definition-diff';
import { formatInstant } from '../../core/time';
import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import { UserError } from '../plugins/errors';
import { requireCoordinator, resolveActor } from '../actor';
import { validateDefinition, type DefinitionIssue } from '../definitions';
import { adminPage, caption, diffView, issueList, remindersText, stepsTable, th } from '../views/admin';

const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const definitionKey = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);
const versionParams = z.object({ key: definitionKey, version: z.coerce.number().int().min(1).max(100_000) });
const summary = z.object({ id: z.uuid(), key: z.string(), version: z.number(), name: z.string(), createdAt: z.date() });
const fieldChange = z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const diffSchema = z.object({
  definition: z.array(fieldChange),
  phases: z.array(z.object({ key: z.string(), status: z.enum(['added', 'removed', 'changed']), title: z.string(), changes: z.array(fieldChange) })),
  steps: z.array(z.object({ key: z.string(), status: z.enum(['added', 'removed', 'changed']), phase: z.string(), title: z.string(), changes: z.array(fieldChange) })),
  unchanged: z.boolean(),
});
const uploadForm = z.object({
  _csrf: z.string().max(200).optional(),
  definition: z.string().max(500_000).default(''),
  action: z.enum(['validate', 'save']).default('validate'),
});

/** JSON text to a value, or an issue that says where the text stops being JSON. */
function parseJson(l: Locale, text: string): { value: unknown } | { issue: DefinitionIssue } {
  if (!text.trim()) return { issue: { path: 'definition', message: t(l, 'admin.upload.empty') } };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    const position = /position (\d+)/.exec(String((err as Error).message))?.[1];
    let detail = String((err as Error).message);
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      detail = t(l, 'admin.upload.at', { line: before.length, column: before.at(-1)!.length + 1 });
    }
    return { issue: { path: 'definition', message: t(l, 'admin.upload.notJson', { detail }) } };
  }
}

/**
 * Cycle definitions for people: every version, its steps in a table, what changed since the
 * version before, and a form that checks a new version and saves it with the same rules as
 * `POST /api/definitions`.
 */
const adminDefinitions: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const send = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(body);

  async function loadVersion(key: string, version: number) {
    const row = await definitionVersion(db, key, version);
    if (!row) {
      if (!(await latestDefinition(db, key))) throw new UserError(404, 'admin.def.notFound', { key });
      throw new UserError(404, 'admin.def.versionNotFound', { key, version });
    }
    return row;
  }
  /** A stored definition as the schema reads it; stored rows passed it when saved. */
  const readable = (stored: unknown) => {
    const parsed = cycleDefinition.safeParse(stored);
    return (parsed.success ? parsed.data : stored) as CycleDefinition;
  };
  async function diffFor(key: string, version: number) {
    const to = await loadVersion(key, version);
    const from = version > 1 ? await definitionVersion(db, key, version - 1) : undefined;
    return { to, from, diff: from ? diffDefinitions(from.definition, to.definition) : undefined };
  }

  // ── JSON ──────────────────────────────────────────────────────────────────────────────────

  app.get('/api/admin/definitions', { schema: { summary: 'Every version of every cycle definition', response: { 200: z.array(summary) } } }, async () => definitionVersions(db));

  app.get(
    '/api/admin/definitions/:key/:version',
    {
      schema: {
        summary: 'One version of a cycle definition and the cycles that run it',
        params: versionParams,
        response: { 200: summary.extend({ definition: z.unknown(), cycles: z.array(z.object({ id: z.string(), year: z.number(), status: z.string() })) }) },
      },
    },
    async (request) => {
      const row = await loadVersion(request.params.key, request.params.version);
      return { ...row, cycles: await cyclesOnDefinition(db, row.id) };
    },
  );

  app.get(
    '/api/admin/definitions/:key/:version/diff',
    {
      schema: {
        summary: 'What changed from the version before: steps added, removed and changed, field by field',
        params: versionParams,
        response: { 200: z.object({ key: z.string(), from: z.number().nullable(), to: z.number(), diff: diffSchema.nullable() }) },
      },
    },
    async (request) => {
      const { to, from, diff } = await diffFor(request.params.key, request.params.version);
      return { key: to.key, from: from?.version ?? null, to: to.version, diff: diff ?? null };
    },
  );

  // ── Pages ─────────────────────────────────────────────────────────────────────────────────

  app.get('/admin/definitions', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const rows = await definitionVersions(db);
    const body = html`<h1>${t(l, 'admin.definitions')}</h1>
<p><a href="/admin/definitions/new?lang=${l}">${t(l, 'admin.def.upload')}</a></p>
<table>${caption(t(l, 'admin.def.caption'))}${th(l, 'admin.def.key', 'admin.def.name', 'admin.def.version', 'admin.def.created', 'admin.def.compare')}<tbody>${rows.map(
      (r) => html`<tr><td><code>${r.key}</code></td><td><a href="/admin/definitions/${r.key}/${r.version}?lang=${l}">${r.name}</a></td><td>${r.version}</td><td>${formatInstant(r.createdAt, l)}</td><td>${
        r.version > 1 ? html`<a href="/admin/definitions/${r.key}/${r.version}/diff?lang=${l}">${t(l, 'admin.def.diffLink', { version: r.version - 1 })}</a>` : ''
      }</td></tr>`,
    )}</tbody></table>`;
    return send(reply, adminPage(request, { title: t(l, 'admin.definitions'), path: '/admin/definitions', body, json: '/api/admin/definitions' }));
  });

  app.get('/admin/definitions/:key', { schema: { hide: true, params: z.object({ key: definitionKey }), querystring: lang } }, async (request, reply) => {
    const row = await latestDefinition(db, request.params.key);
    if (!row) throw new UserError(404, 'admin.def.notFound', { key: request.params.key });
    return reply.redirect(`/admin/definitions/${row.key}/${row.version}?lang=${request.locale}`, 302);
  });

  app.get(
    '/admin/definitions/:key/:version',
    { schema: { hide: true, params: versionParams, querystring: lang.extend({ saved: z.literal('1').optional() }) } },
    async (request, reply) => {
      const l = request.locale;
      const row = await loadVersion(request.params.key, request.params.version);
      const def = readable(row.definition);
      const cycles = await cyclesOnDefinition(db, row.id);
      const title = t(l, 'admin.def.versionTitle', { name: row.name, version: row.version });
      const roles = Object.entries(def.roles ?? {});
      const body = html`<h1>${title}</h1>
${request.query.saved ? html`<p role="status"><strong>${t(l, 'admin.upload.saved', { key: row.key, version: row.version })}</strong></p>` : ''}
<p class="muted">${t(l, 'admin.def.meta', { key: row.key, version: row.version, created: formatInstant(row.createdAt, l) })}</p>
${def.description ? html`<p>${def.description}</p>` : ''}
<p>${cycles.length ? t(l, 'admin.def.inUse', { cycles: cycles.map((c) => `${c.year} (${t(l, `cycle.status.${c.status}`)})`).join(', ') }) : t(l, 'admin.def.notInUse')}</p>
<p>${row.version > 1 ? html`<a href="/admin/definitions/${row.key}/${row.version}/diff?lang=${l}">${t(l, 'admin.def.diffLink', { version: row.version - 1 })}</a> · ` : ''}<a href="/admin/definitions/new?lang=${l}&amp;from=${row.key}&amp;version=${row.version}">${t(l, 'admin.def.editCopy')}</a></p>
${roles.length
  ? html`<table>${caption(t(l, 'admin.def.roles'))}${th(l, 'admin.def.role', 'admin.seat.title')}<tbody>${roles.map(([role, seat]) => html`<tr><td><code>${role}</code></td><td><a href="/admin/seats/${seat}?lang=${l}">${seat}</a></td></tr>`)}</tbody></table>`
  : ''}
${def.defaults?.reminders ? html`<p>${t(l, 'admin.def.defaults', { reminders: remindersText(l, def.defaults.reminders) })}</p>` : ''}
<p class="muted">${t(l, 'admin.def.dueLegend')}</p>
${stepsTable(l, def)}`;
      return send(reply, adminPage(request, { title, path: `/admin/definitions/${row.key}/${row.version}`, body, json: `/api/admin/definitions/${row.key}/${row.version}` }));
    },
  );

  app.get('/admin/definitions/:key/:version/diff', { schema: { hide: true, params: versionParams, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const { to, from, diff } = await diffFor(request.params.key, request.params.version);
    const title = from ? t(l, 'admin.diff.title', { from: from.version, to: to.version }) : t(l, 'admin.def.versionTitle', { name: to.name, version: to.version });
    const body = html`<h1>${title}</h1>
<p><a href="/admin/definitions/${to.key}/${to.version}?lang=${l}">${t(l, 'admin.def.versionTitle', { name: to.name, version: to.version })}</a></p>
${from && diff ? html`<p class="muted">${t(l, 'admin.diff.of', { name: to.name, from: from.version, to: to.version })}</p>${diffView(l, diff)}` : html`<p>${t(l, 'admin.diff.noPrevious')}</p>`}`;
    return send(reply, adminPage(request, { title, path: `/admin/definitions/${to.key}/${to.version}/diff`, body, json: `/api/admin/definitions/${to.key}/${to.version}/diff` }));
  });

  function uploadPage(request: FastifyRequest, text: string, result?: { issues: DefinitionIssue[]; valid?: { steps: number; phases: number } }) {
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
<textarea id="definition" name="definition" rows="24" cols="100" spellcheck="false" style="width:100%;font-family:ui-monospace,monospace;font-size:.9rem"${
      invalid ? html` aria-invalid="true"` : ''
    }>${text}</textarea></p>
<p><button type="submit" name="action" value="validate">${t(l, 'admin.upload.validate')}</button>${
      coordinator ? html` <button type="submit" name="action" value="save">${t(l, 'admin.upload.save')}</button>` : ''
    }</p>
</form>`;
    return adminPage(request, { title: t(l, 'admin.upload.title'), path: '/admin/definitions/new', body });
  }

  app.get(
    '/admin/definitions/new',
    { schema: { hide: true, querystring: lang.extend({ from: definitionKey.optional(), version: z.coerce.number().int().min(1).max(100_000).optional() }) } },
    async (request, reply) => {
      const { from, version } = request.query;
      const start = from ? (version ? await loadVersion(from, version) : await latestDefinition(db, from)) : undefined;
      if (from && !start) throw new UserError(404, 'admin.def.notFound', { key: from });
      return send(reply, uploadPage(request, start ? JSON.stringify(start.definition, null, 2) : ''));
    },
  );

  app.post('/admin/definitions', { schema: { hide: true, querystring: lang, body: uploadForm } }, async (request, reply) => {
    const l = request.locale;
    const { definition: text, action } = request.body;
    if (action === 'save') requireCoordinator(resolveActor(request, { kind: 'coordinator' }));
    const json = parseJson(l, text);
    if ('issue' in json) return send(reply, uploadPage(request, text, { issues: [json.issue] }), 400);
    const result = await validateDefinition(db, json.value, l);
    if (!result.definition) return send(reply, uploadPage(request, text, { issues: result.issues }), 400);
    if (action === 'validate') {
      const def = result.definition;
      return send(reply, uploadPage(request, text, { issues: [], valid: { phases: def.phases.length, steps: def.phases.reduce((n, p) => n + p.steps.length, 0) } }));
    }
    const saved = await saveDefinitionVersion(db, result.definition);
    return reply.redirect(`/admin/definitions/${saved.key}/${saved.version}?lang=${l}&saved=1`, 303);
  });
};

export default adminDefinitions;
