import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listBodiesWithSeats, listOrganisations } from '../../db/queries/directory';
import {
  bodyRecord,
  holderOnDay,
  indicatorsWithValues,
  measuresWithOwners,
  openWorkOfSeat,
  seatCounts,
  seatRecord,
  strategies,
  type SeatRecord,
} from '../../db/queries/admin';
import { stockholmDate } from '../../core/time';
import { html, type SafeHtml } from '../../web/html';
import { t, zodErrorMaps, type Locale } from '../../i18n';
import { UserError } from '../plugins/errors';
import { requireCoordinator, resolveActor } from '../actor';
import { changeHolder, dayBefore, holderShape, newHolder, tooEarly } from '../holders';
import { feedUrl } from '../feeds';
import { listSeries } from '../../db/queries/meetings';
import { organisation } from './directory';
import { adminPage, adminSections, caption, feedView, holdersTable, issueList, openWorkView, th, tr } from '../views/admin';

const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const key = z.string().min(1).max(100);
const bodyParams = z.object({ body: key });
const seatParams = z.object({ body: key, seat: key });
const today = () => stockholmDate(new Date());

const goalRef = z.object({ id: z.uuid(), number: z.number(), title: z.string() }).nullable();
const organisationRow = organisation.extend({ joinedOn: z.string().nullable(), leftOn: z.string().nullable(), seats: z.number() });
const seatRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  mandate: z.string(),
  organisation: z.object({ id: z.uuid(), slug: z.string(), shortName: z.string() }),
  holders: z.array(holderShape),
});
const bodyDetail = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  description: z.string(),
  convenor: z.object({ id: z.uuid(), slug: z.string(), shortName: z.string() }).nullable(),
  feedUrl: z.string(),
  seats: z.array(seatRow),
});
const workItem = z.object({ id: z.uuid(), title: z.string(), dueAt: z.date(), cycleId: z.string().nullable() });
const openWork = z.object({ tasks: z.array(workItem.extend({ stepKey: z.string().nullable() })), decisions: z.array(workItem.extend({ question: z.string(), bodyId: z.uuid() })) });
const seatDetail = seatRow.extend({
  body: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  feedUrl: z.string(),
  openWork,
});
const strategyRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  vision: z.string(),
  periodStart: z.number(),
  periodEnd: z.number(),
  goals: z.array(z.object({ id: z.uuid(), number: z.number(), title: z.string(), description: z.string() })),
  actionPlans: z.array(z.object({ id: z.uuid(), slug: z.string(), title: z.string(), periodStart: z.number(), periodEnd: z.number() })),
});
const actionPlanRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  periodStart: z.number(),
  periodEnd: z.number(),
  measures: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      description: z.string(),
      joint: z.boolean(),
      example: z.boolean().describe('An illustrative measure from the seed, not the action plan’s own text'),
      goal: goalRef,
      owners: z.array(z.object({ id: z.uuid(), slug: z.string(), shortName: z.string() })),
    }),
  ),
});
const indicatorRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  source: z.string(),
  unit: z.string(),
  level: z.enum(['regional', 'local']),
  goal: goalRef,
  values: z.array(z.object({ year: z.number(), area: z.string(), value: z.number() })),
});

/** The holder-change form as posted: loose here, checked with `newHolder` so errors show in the form. */
const holderForm = z.object({
  _csrf: z.string().max(200).optional(),
  name: z.string().max(400).default(''),
  email: z.string().max(400).default(''),
  locale: z.string().max(10).default('sv'),
  validFrom: z.string().max(40).default(''),
  confirm: z.literal('1').optional(),
});
type HolderForm = z.infer<typeof holderForm>;

/**
 * The register behind the cycles, as pages and as the same data in JSON: organisations, bodies,
 * seats and holders (with a holder change for the coordinator), strategy, measures, indicators.
 * Every page renders from PostgreSQL.
 */
const admin: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, config } = app.deps;
  const secret = config.secret ?? '';
  const seatFeed = (r: SeatRecord) => feedUrl(config.publicUrl, secret, 'seat', r.seat.slug, r.seat.id);
  const send = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(body);

  async function loadBody(slug: string) {
    const found = await bodyRecord(db, slug);
    if (!found) throw new UserError(404, 'admin.body.notFound', { body: slug });
    return found;
  }
  async function loadSeat(params: { body: string; seat: string }) {
    const slug = `${params.body}/${params.seat}`;
    const found = await seatRecord(db, slug);
    if (!found) throw new UserError(404, 'seat.unknown', { seat: slug });
    return found;
  }
  const seatJson = (r: SeatRecord) => ({
    id: r.seat.id,
    slug: r.seat.slug,
    title: r.seat.title,
    mandate: r.seat.mandate,
    organisation: { id: r.organisation.id, slug: r.organisation.slug, shortName: r.organisation.shortName },
    holders: r.holders.map((h) => ({ id: h.id, seatId: h.seatId, name: h.name, email: h.email, locale: h.locale, validFrom: h.validFrom, validTo: h.validTo })),
  });

  async function organisationsWithSeats() {
    const [orgs, counts] = await Promise.all([listOrganisations(db), seatCounts(db)]);
    return orgs.map(({ createdAt: _c, ...o }) => ({ ...o, seats: counts.find((c) => c.organisationId === o.id)?.seats ?? 0 }));
  }
  async function bodyJson(slug: string) {
    const { body, convenor, seats } = await loadBody(slug);
    return {
      id: body.id,
      slug: body.slug,
      name: body.name,
      kind: body.kind,
      description: body.description,
      convenor: convenor && { id: convenor.id, slug: convenor.slug, shortName: convenor.shortName },
      feedUrl: feedUrl(config.publicUrl, secret, 'body', body.slug, body.id),
      seats: seats.map(seatJson),
    };
  }

  // ── JSON ──────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/admin/organisations',
    { schema: { summary: 'Organisations with their number of seats', response: { 200: z.array(organisationRow) } } },
    async () => organisationsWithSeats(),
  );

  app.get(
    '/api/admin/bodies/:body',
    { schema: { summary: 'A body, its seats and every holder with validity dates, and its calendar feed', params: bodyParams, response: { 200: bodyDetail } } },
    async (request) => bodyJson(request.params.body),
  );

  app.get(
    '/api/admin/seats/:body/:seat',
    { schema: { summary: 'A seat, its holders over time, its open work and its calendar feed', params: seatParams, response: { 200: seatDetail } } },
    async (request) => {
      const r = await loadSeat(request.params);
      return { ...seatJson(r), body: { id: r.body.id, slug: r.body.slug, name: r.body.name }, feedUrl: seatFeed(r), openWork: await openWorkOfSeat(db, r.seat.id) };
    },
  );

  app.get('/api/admin/strategy', { schema: { summary: 'Strategies with their goals and action plans', response: { 200: z.array(strategyRow) } } }, async () =>
    (await strategies(db)).map(({ createdAt: _c, ...s }) => ({ ...s, goals: s.goals.map(({ strategyId: _s, ...g }) => g), actionPlans: s.actionPlans.map(({ createdAt: _p, ...p }) => p) })),
  );

  app.get('/api/admin/measures', { schema: { summary: 'Action plans with their measures and owners', response: { 200: z.array(actionPlanRow) } } }, async () =>
    (await measuresWithOwners(db)).map(({ createdAt: _c, strategyId: _s, ...p }) => p),
  );

  app.get('/api/admin/indicators', { schema: { summary: 'Indicators with source, unit, level and values per year', response: { 200: z.array(indicatorRow) } } }, async () =>
    indicatorsWithValues(db),
  );

  // ── Pages ─────────────────────────────────────────────────────────────────────────────────

  app.get('/admin', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const body = html`<h1>${t(l, 'admin.title')}</h1>
<p>${t(l, 'admin.intro')}</p>
<ul>${adminSections.slice(1).map(([href, k]) => html`<li><a href="${href}?lang=${l}">${t(l, k)}</a></li>`)}</ul>`;
    return send(reply, adminPage(request, { title: t(l, 'admin.title'), path: '/admin', body }));
  });

  app.get('/admin/organisations', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const rows = await organisationsWithSeats();
    const body = html`<h1>${t(l, 'admin.organisations')}</h1>
<table>${caption(t(l, 'admin.org.caption'))}${th(l, 'admin.org.name', 'admin.org.shortName', 'admin.org.kind', 'admin.org.participation', 'admin.org.joined', 'admin.org.left', 'admin.org.seats')}<tbody>${rows.map(
      (o) => html`<tr><td>${o.name}</td><td>${o.shortName}</td><td>${tr(l, `kind.${o.kind}`)}</td><td>${tr(l, `admin.org.${o.participation}`)}</td><td>${o.joinedOn ?? ''}</td><td>${o.leftOn ?? ''}</td><td>${o.seats}</td></tr>`,
    )}</tbody></table>`;
    return send(reply, adminPage(request, { title: t(l, 'admin.organisations'), path: '/admin/organisations', body, json: '/api/admin/organisations' }));
  });

  app.get('/admin/bodies', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const bodies = await listBodiesWithSeats(db, today());
    const body = html`<h1>${t(l, 'admin.bodies')}</h1>
<table>${caption(t(l, 'admin.body.caption'))}${th(l, 'admin.body.name', 'admin.body.kind', 'admin.body.convenor', 'admin.body.seats', 'admin.body.vacant')}<tbody>${bodies.map(
      (b) => html`<tr><td><a href="/admin/bodies/${b.slug}?lang=${l}">${b.name}</a></td><td>${tr(l, `body.${b.kind}`)}</td><td>${b.convenor?.shortName ?? ''}</td><td>${b.seats.length}</td><td>${b.seats.filter((s) => !s.holder).length}</td></tr>`,
    )}</tbody></table>`;
    return send(reply, adminPage(request, { title: t(l, 'admin.bodies'), path: '/admin/bodies', body, json: '/api/bodies' }));
  });

  app.get('/admin/bodies/:body', { schema: { hide: true, params: bodyParams, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const { body: b, convenor, seats } = await loadBody(request.params.body);
    const day = today();
    const seatLink = (r: SeatRecord) => html`<a href="/admin/seats/${r.seat.slug}?lang=${l}">${r.seat.title}</a>`;
    const history = seats.flatMap((r) => r.holders.map((h) => ({ h, r }))).sort((x, y) => x.r.seat.slug.localeCompare(y.r.seat.slug) || y.h.validFrom.localeCompare(x.h.validFrom));
    const bySeat = new Map(seats.map((r) => [r.seat.id, r]));
    const meets = (await listSeries(db)).some((x) => x.bodySlug === b.slug);
    const body = html`<h1>${b.name}</h1>
<p class="muted">${tr(l, `body.${b.kind}`)}${convenor ? html` · ${t(l, 'admin.body.convenor')}: ${convenor.shortName}` : ''}</p>
<p>${b.description}</p>
${meets ? html`<p><a href="/meetings/${b.slug}?lang=${l}">${t(l, 'meetings.link')}</a></p>` : ''}
<table>${caption(t(l, 'admin.seats.caption', { body: b.name }))}${th(l, 'admin.seat.title', 'admin.seat.organisation', 'admin.seat.mandate', 'admin.seat.holder')}<tbody>${seats.map((r) => {
      const holder = holderOnDay(r.holders, day);
      return html`<tr><td>${seatLink(r)}</td><td>${r.organisation.shortName}</td><td>${tr(l, `mandate.${r.seat.mandate}`)}</td><td>${holder ? holder.name : html`<span class="muted">${t(l, 'admin.vacant')}</span>`}</td></tr>`;
    })}</tbody></table>
<h2>${t(l, 'admin.body.history')}</h2>
${holdersTable(l, history.map((x) => x.h), day, t(l, 'admin.body.history'), (h) => seatLink(bySeat.get(h.seatId)!))}
${feedView(l, 'body', feedUrl(config.publicUrl, secret, 'body', b.slug, b.id))}`;
    return send(reply, adminPage(request, { title: b.name, path: `/admin/bodies/${b.slug}`, body, json: `/api/admin/bodies/${b.slug}` }));
  });

  /** The seat page; with a posted form that did not check out, the form again with its errors. */
  async function seatPage(request: FastifyRequest, r: SeatRecord, form?: { values: HolderForm; issues: { path: string; message: string }[] }, moved?: number) {
    const l = request.locale;
    const day = today();
    const work = await openWorkOfSeat(db, r.seat.id);
    const coordinator = request.user?.role === 'coordinator';
    const body = html`<h1>${r.seat.title}</h1>
${moved !== undefined ? html`<p role="status"><strong>${t(l, 'admin.change.done', { tasks: moved })}</strong></p>` : ''}
<table>${caption(t(l, 'admin.seat.title'))}<tbody>
<tr><th scope="row">${t(l, 'admin.seat.body')}</th><td><a href="/admin/bodies/${r.body.slug}?lang=${l}">${r.body.name}</a></td></tr>
<tr><th scope="row">${t(l, 'admin.seat.organisation')}</th><td>${r.organisation.name}</td></tr>
<tr><th scope="row">${t(l, 'admin.seat.mandate')}</th><td>${tr(l, `mandate.${r.seat.mandate}`)}</td></tr>
<tr><th scope="row">${t(l, 'admin.seat.key')}</th><td><code>${r.seat.slug}</code></td></tr>
</tbody></table>
<h2>${t(l, 'admin.seat.history')}</h2>
${holdersTable(l, r.holders, day, t(l, 'admin.seat.history'))}
<h2>${t(l, 'admin.openWork')}</h2>
${openWorkView(l, work)}
${coordinator ? holderChangeForm(l, request.user!.csrfToken, r, form) : ''}
${feedView(l, 'seat', seatFeed(r))}`;
    return adminPage(request, { title: r.seat.title, path: `/admin/seats/${r.seat.slug}`, body, json: `/api/admin/seats/${r.seat.slug}` });
  }

  app.get(
    '/admin/seats/:body/:seat',
    { schema: { hide: true, params: seatParams, querystring: lang.extend({ moved: z.coerce.number().int().min(0).max(100_000).optional() }) } },
    async (request, reply) => send(reply, await seatPage(request, await loadSeat(request.params), undefined, request.query.moved)),
  );

  app.post(
    '/admin/seats/:body/:seat/holder',
    { schema: { hide: true, params: seatParams, querystring: lang, body: holderForm } },
    async (request, reply) => {
      requireCoordinator(resolveActor(request, { kind: 'coordinator' }));
      const l = request.locale;
      const r = await loadSeat(request.params);
      const parsed = newHolder.safeParse(request.body, { error: zodErrorMaps[l] });
      const early = parsed.success ? tooEarly(r.holders, parsed.data.validFrom) : undefined;
      if (!parsed.success || early) {
        const issues = parsed.success
          ? [{ path: 'validFrom', message: t(l, early!.key, early!.params).replace(/^validFrom: /, '') }]
          : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return send(reply, await seatPage(request, r, { values: request.body, issues }), 400);
      }
      const input = parsed.data;
      if (request.body.confirm) {
        const result = await changeHolder(db, temporal, config.taskQueue, r.seat, input);
        return reply.redirect(`/admin/seats/${r.seat.slug}?lang=${l}&moved=${result.openTasksMoved.length}`, 303);
      }
      const work = await openWorkOfSeat(db, r.seat.id);
      const sitting = r.holders.find((h) => h.validFrom < input.validFrom && (h.validTo === null || h.validTo >= input.validFrom));
      const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
      const body = html`<h1>${t(l, 'admin.change.confirmTitle')}</h1>
<p>${t(l, 'admin.change.summary', { name: input.name, email: input.email, seat: r.seat.title, from: input.validFrom })}</p>
${sitting ? html`<p>${t(l, 'admin.change.previous', { name: sitting.name, to: dayBefore(input.validFrom) })}</p>` : ''}
${work.tasks.length || work.decisions.length ? html`<p>${t(l, 'admin.change.moves', { name: input.name })}</p>${openWorkView(l, work)}` : html`<p>${t(l, 'admin.change.movesNothing')}</p>`}
<form method="post" action="/admin/seats/${r.seat.slug}/holder?lang=${l}">
${hidden('_csrf', request.user!.csrfToken)}${hidden('name', input.name)}${hidden('email', input.email)}${hidden('locale', input.locale)}${hidden('validFrom', input.validFrom)}${hidden('confirm', '1')}
<p><button type="submit">${t(l, 'admin.change.confirm')}</button> <a href="/admin/seats/${r.seat.slug}?lang=${l}">${t(l, 'admin.change.back')}</a></p>
</form>`;
      return send(reply, adminPage(request, { title: t(l, 'admin.change.confirmTitle'), path: `/admin/seats/${r.seat.slug}`, body }));
    },
  );

  app.get('/admin/strategy', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const rows = await strategies(db);
    const body = html`<h1>${t(l, 'admin.strategy')}</h1>
${rows.length ? '' : html`<p>${t(l, 'admin.none')}</p>`}
${rows.map(
  (s) => html`<section aria-labelledby="s-${s.slug}">
<h2 id="s-${s.slug}">${s.title}</h2>
<p>${t(l, 'admin.strategy.period', { from: s.periodStart, to: s.periodEnd })}</p>
${s.vision ? html`<p><strong>${t(l, 'admin.strategy.vision', { vision: s.vision })}</strong></p>` : ''}
<table>${caption(t(l, 'admin.goals.caption'))}${th(l, 'admin.goal.number', 'admin.goal.title', 'admin.goal.description')}<tbody>${s.goals.map(
    (g) => html`<tr><td>${g.number}</td><td>${g.title}</td><td>${g.description}</td></tr>`,
  )}</tbody></table>
<h3>${t(l, 'admin.actionPlans')}</h3>
<ul>${s.actionPlans.map((p) => html`<li><a href="/admin/measures?lang=${l}#plan-${p.slug}">${p.title}</a> (${p.periodStart}–${p.periodEnd})</li>`)}</ul>
</section>`,
)}`;
    return send(reply, adminPage(request, { title: t(l, 'admin.strategy'), path: '/admin/strategy', body, json: '/api/admin/strategy' }));
  });

  app.get('/admin/measures', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const plans = await measuresWithOwners(db);
    const anyExample = plans.some((p) => p.measures.some((m) => m.example));
    const example = html` <strong style="border:1px solid var(--muted);border-radius:3px;padding:0 .3rem;font-size:.85rem">${t(l, 'admin.measure.example')}</strong>`;
    const body = html`<h1>${t(l, 'admin.measures')}</h1>
${anyExample ? html`<p>${t(l, 'admin.measures.examples')}</p>` : ''}
${plans.length ? '' : html`<p>${t(l, 'admin.none')}</p>`}
${plans.map(
  (p) => html`<section aria-labelledby="plan-${p.slug}">
<h2 id="plan-${p.slug}">${p.title}</h2>
<table>${caption(t(l, 'admin.measures.caption', { plan: p.title, count: p.measures.length }))}${th(l, 'admin.measure.code', 'admin.measure.title', 'admin.measure.goal', 'admin.measure.owners', 'admin.measure.kind')}<tbody>${p.measures.map(
    (m) => html`<tr><td>${m.code}</td><td>${m.title}${m.example ? example : ''}<br><span class="muted">${m.description}</span></td><td>${m.goal ? `${m.goal.number}. ${m.goal.title}` : ''}</td><td>${m.owners.map((o) => o.shortName).join(', ')}</td><td>${t(l, m.joint ? 'admin.measure.joint' : 'admin.measure.own')}</td></tr>`,
  )}</tbody></table>
</section>`,
)}`;
    return send(reply, adminPage(request, { title: t(l, 'admin.measures'), path: '/admin/measures', body, json: '/api/admin/measures' }));
  });

  app.get('/admin/indicators', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const rows = await indicatorsWithValues(db);
    const number = new Intl.NumberFormat(l === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 });
    const body = html`<h1>${t(l, 'admin.indicators')}</h1>
<p>${t(l, 'admin.indicators.lead')}</p>
<table>${caption(t(l, 'admin.indicators.caption'))}${th(l, 'admin.indicator.name', 'admin.indicator.source', 'admin.indicator.unit', 'admin.indicator.level', 'admin.indicator.goal', 'admin.indicator.values')}<tbody>${rows.map(
      (i) => html`<tr><td>${i.name}</td><td>${i.source}</td><td>${i.unit}</td><td>${tr(l, `admin.level.${i.level}`)}</td><td>${i.goal ? `${i.goal.number}. ${i.goal.title}` : ''}</td><td>${
        i.values.length
          ? html`<ul style="margin:0;padding-left:1rem">${i.values.map((v) => html`<li>${v.year} ${v.area}: ${number.format(v.value)}</li>`)}</ul>`
          : html`<span class="muted">${t(l, 'admin.indicator.noValues')}</span>`
      }</td></tr>`,
    )}</tbody></table>`;
    return send(reply, adminPage(request, { title: t(l, 'admin.indicators'), path: '/admin/indicators', body, json: '/api/admin/indicators' }));
  });
};

/** Name, work address, language and first day; the coordinator sees what moves before confirming. */
function holderChangeForm(l: Locale, csrf: string, r: SeatRecord, form?: { values: HolderForm; issues: { path: string; message: string }[] }): SafeHtml {
  const v = form?.values;
  const labels: Record<string, string> = {
    name: t(l, 'admin.change.name'),
    email: t(l, 'admin.change.email'),
    locale: t(l, 'admin.change.locale'),
    validFrom: t(l, 'admin.change.validFrom'),
  };
  const errorOf = (field: string) => form?.issues.find((i) => i.path === field);
  const field = (name: 'name' | 'email' | 'validFrom', label: string, type: string, extra: SafeHtml | '' = '') => {
    const error = errorOf(name);
    return html`<p><label for="holder-${name}">${label}</label><br>
<input id="holder-${name}" name="${name}" type="${type}" value="${v?.[name] ?? ''}" required${extra}${error ? html` aria-invalid="true" aria-describedby="holder-${name}-error"` : ''}>
${error ? html`<br><span id="holder-${name}-error" class="error">${error.message}</span>` : ''}</p>`;
  };
  return html`<section aria-labelledby="change">
<h2 id="change">${t(l, 'admin.change.title')}</h2>
<p>${t(l, 'admin.change.lead')}</p>
${form ? issueList(t(l, 'admin.change.errors', { count: form.issues.length }), form.issues, (path) => labels[path]) : ''}
<form method="post" action="/admin/seats/${r.seat.slug}/holder?lang=${l}" novalidate>
<input type="hidden" name="_csrf" value="${csrf}">
${field('name', labels.name!, 'text', html` autocomplete="off" maxlength="200"`)}
${field('email', labels.email!, 'email', html` autocomplete="off" maxlength="320"`)}
<p><label for="holder-locale">${labels.locale}</label><br>
<select id="holder-locale" name="locale">${(['sv', 'en'] as const).map((x) => html`<option value="${x}"${(v?.locale ?? 'sv') === x ? html` selected` : ''}>${t(l, `admin.locale.${x}`)}</option>`)}</select></p>
${field('validFrom', labels.validFrom!, 'text', html` inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="2027-01-01"`)}
<p><button type="submit">${t(l, 'admin.change.preview')}</button></p>
</form>
</section>`;
}

export default admin;
