import { z } from 'zod';
import { LRUCache } from 'lru-cache';
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { cycleOverview, listCycleRows, myWork, partyYear } from '../../db/queries/dashboard';
import { listDefinitions } from '../../db/queries/definitions';
import { cycleIdFor, type PassedStep, type PlannedStep, type YearPlan } from '../../core/plan';
import type { MeetingPreview } from '../../db/queries/cycles';
import { html, type SafeHtml } from '../../web/html';
import { formatDate, formatDue } from '../../web/format';
import { stockholmInstant } from '../../core/calendar';
import { formatInstant, stockholmDate } from '../../core/time';
import { position, wheelSvg, PHASE_COLOURS, type WheelMark, type WheelPhase } from '../../web/wheel';
import type { StepState } from '../../workflows/cycle';
import { t, type Locale } from '../../i18n';
import { page } from '../views/layout';
import { activityList, csrfField, decisionTable, flash, meetingTable, tr, workTable } from '../views/dashboard';
import { lateChoiceFields, lateChoiceHidden, lateChoiceSummary, lateStartOf, meetingsOfYear, passedWarning } from '../views/late-start';
import { UserError } from '../plugins/errors';
import { needsActionBadge, problemJson, problemsSection } from '../views/problems';

const doneWords = ['started', 'skipped', 'cancelled', 'completed', 'extended', 'reassigned', 'resent', 'voted', 'uploaded', 'partSaved'] as const;
const lang = z.object({ lang: z.enum(['sv', 'en']).optional(), done: z.enum(doneWords).optional() });
const definitionKey = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);
const year = z.coerce.number().int().min(2000).max(2100);
const cycleParams = z.object({ definition: definitionKey, year });
const csrf = z.string().max(200);
const reasonField = z.string().trim().min(1).max(2000);

/** The steps of a plan with the dates they fall due (relative steps: if they started on time). */
function plannedDue(step: PlannedStep): Date | undefined {
  const due = step.schedule?.dueAt ?? step.earliest?.dueAt;
  return due ? new Date(due) : undefined;
}

export function phaseSpans(plan: YearPlan, startedAt: Date, currentPhase: string | null): WheelPhase[] {
  const newYear = stockholmInstant({ year: plan.year, month: 1, day: 1 }, 0, 0);
  let start = startedAt < newYear ? newYear : startedAt;
  return plan.phases.map((p) => {
    const dues = p.steps.map(plannedDue).filter((d): d is Date => Boolean(d));
    const end = dues.length ? new Date(Math.max(...dues.map((d) => d.getTime()))) : start;
    const span = { key: p.key, title: p.title, start, end: end < start ? start : end, current: p.key === currentPhase };
    start = span.end;
    return span;
  });
}

const monthNames = (locale: string) =>
  Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 15))).replace('.', ''));
/** The party page lists the latest deliveries; the JSON twin has them all. */
const DELIVERED_SHOWN = 50;
const MONTHS: Record<Locale, string[]> = { sv: monthNames('sv-SE'), en: monthNames('en-GB') };

const dashboard: FastifyPluginAsyncZod = async (app) => {
  const { db, temporalUiUrl, config } = app.deps;
  const now = () => app.deps.clock?.() ?? new Date();

  const send = (request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(page({ locale: request.locale, title, body, path: request.url.split('?')[0]!, user: request.user }));

  const coordinator = (request: FastifyRequest) => request.user?.role === 'coordinator';
  const requireCoordinatorPage = (request: FastifyRequest) => {
    if (!coordinator(request)) throw new UserError(403, 'actor.coordinatorOnly');
  };

  /**
   * A form's action goes through the JSON API with the same session and CSRF token, so pages and
   * API share one set of rules and refusals; the page shows the API's message on refusal.
   */
  async function viaApi(request: FastifyRequest, url: string, payload: Record<string, unknown>) {
    const res = await app.inject({
      method: 'POST',
      url: `${url}?lang=${request.locale}`,
      payload,
      headers: {
        cookie: request.headers.cookie ?? '',
        'x-csrf-token': String((request.body as { _csrf?: unknown })._csrf ?? ''),
        'user-agent': request.headers['user-agent'] ?? '',
      },
    });
    const body = res.json() as { message?: string };
    if (res.statusCode === 503) throw new UserError(503, 'error.temporalUnavailable');
    if (res.statusCode >= 500) throw new Error(`API ${url} answered ${res.statusCode}`);
    return { ok: res.statusCode < 300, status: res.statusCode, message: body.message ?? '', body };
  }

  // ---------------------------------------------------------------- cycles

  app.get('/cycles', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const rows = await listCycleRows(db);
    const body = html`<h1>${t(l, 'dash.cycles')}</h1>
${coordinator(request) ? html`<p><a class="button" href="/cycles/new?lang=${l}">${t(l, 'dash.startCycle')}</a></p>` : ''}
${rows.length
  ? html`<table><caption>${t(l, 'dash.cycles')}</caption>
<thead><tr><th scope="col">${t(l, 'dash.cycle')}</th><th scope="col">${t(l, 'dash.year')}</th><th scope="col">${t(l, 'dash.status')}</th><th scope="col">${t(l, 'dash.phase')}</th></tr></thead>
<tbody>${rows.map((c) => html`<tr><td><a href="/cycles/${c.definitionKey}/${c.year}?lang=${l}">${c.definitionName}</a></td><td>${c.year}</td><td>${c.problems ? needsActionBadge(l) : tr(l, `cycle.status.${c.status}`)}</td><td>${c.currentPhase ?? '–'}</td></tr>`)}</tbody></table>`
  : html`<p class="muted">${t(l, 'dash.noCycles')}</p>`}`;
    return send(request, reply, t(l, 'dash.cycles'), body);
  });

  /**
   * The overview and party pages are read far more often than their records change, and the
   * records themselves trail the workflows by a moment: each is read from PostgreSQL at most
   * every two seconds (a reader may get the previous reading while the next one is made), and
   * afresh right after the reader's own action (`?done=`).
   */
  const overviews = new LRUCache<string, NonNullable<Awaited<ReturnType<typeof cycleOverview>>>>({
    max: 1000,
    ttl: 2000,
    allowStale: true,
    fetchMethod: (id) => cycleOverview(db, id, new Date()),
  });
  const partyYears = new LRUCache<string, NonNullable<Awaited<ReturnType<typeof partyYear>>>>({
    max: 1000,
    ttl: 2000,
    allowStale: true,
    fetchMethod: (key) => {
      const [org, y] = key.split('|') as [string, string];
      return partyYear(db, org, Number(y), new Date());
    },
  });
  const fresh = (request: FastifyRequest) => ({ forceRefresh: Boolean((request.query as { done?: string }).done) });

  async function overview(request: FastifyRequest, params: { definition: string; year: number }) {
    const id = cycleIdFor(params.definition, params.year);
    const data = await overviews.fetch(id, fresh(request));
    if (!data) throw new UserError(404, 'cycle.notFound', { id });
    return data;
  }

  async function party(request: FastifyRequest, org: string, y: number) {
    const data = await partyYears.fetch(`${org}|${y}`, fresh(request));
    if (!data) throw new UserError(404, 'dash.partyNotFound', { org });
    return data;
  }

  app.get(
    '/api/dashboard/cycles/:definition/:year',
    {
      schema: {
        summary: "A cycle's overview as the dashboard shows it: phases, work per party, decisions, meetings, recent activity",
        params: cycleParams,
        response: { 200: z.unknown() },
      },
    },
    async (request) => {
      const data = await overview(request, request.params);
      const plan = data.cycle.plan as YearPlan | null;
      const { plan: _p, ...cycle } = data.cycle;
      const canSeeTally = coordinator(request);
      return {
        ...data,
        cycle,
        phases: plan ? phaseSpans(plan, data.cycle.startedAt, data.cycle.currentPhase) : [],
        needsAction: data.problems.length > 0,
        problems: data.problems.map((p) => problemJson(request.locale, p)),
        decisions: data.decisions.map((d) => (canSeeTally || d.showTally || d.status !== 'open' ? d : { ...d, tally: null })),
      };
    },
  );

  app.get('/cycles/:definition/:year', { schema: { hide: true, params: cycleParams, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const data = await overview(request, request.params);
    const { cycle } = data;
    const plan = cycle.plan as YearPlan | null;
    const steps = (cycle.steps as StepState[] | null) ?? [];
    const now = new Date();
    const phases = plan ? phaseSpans(plan, cycle.startedAt, cycle.currentPhase) : [];
    const canSeeTally = (d: { showTally: boolean; status: string }) => coordinator(request) || d.showTally || d.status !== 'open';
    const marks: WheelMark[] = [
      ...data.tasks.filter((x) => x.status === 'open').map((x) => ({ at: x.dueAt, kind: 'deadline' as const, label: `${x.title} – ${x.organisationName}, ${formatDue(x.dueAt, l)}`, late: x.late })),
      ...data.decisions.map((d) => ({ at: d.dueAt, kind: 'decision' as const, label: `${d.title || d.question}, ${formatDue(d.dueAt, l)}` })),
      ...data.meetings.filter((m) => m.startsAt.getUTCFullYear() === cycle.year).map((m) => ({ at: m.startsAt, kind: 'meeting' as const, label: `${m.bodyName}, ${formatInstant(m.startsAt, l)}` })),
    ];
    const currentTitle = phases.find((p) => p.current)?.title;
    const late = data.tasks.filter((x) => x.late).length;
    const open = data.tasks.filter((x) => x.status === 'open').length;
    const done = data.tasks.filter((x) => x.status === 'done').length;
    const wheel = wheelSvg({
      year: cycle.year,
      phases,
      marks,
      today: now,
      months: MONTHS[l],
      title: t(l, 'dash.wheelTitle', { name: cycle.definitionName, year: cycle.year }),
      description: t(l, 'dash.wheelDesc', {
        phases: phases.map((p) => `${p.title} (${formatDate(p.start, l)} – ${formatDate(p.end, l)})`).join('; '),
        current: currentTitle ?? '–',
        today: formatDue(now, l),
        done,
        open,
        late,
      }),
      todayLabel: t(l, 'dash.today'),
    });
    const stepRow = (phaseTitle: string, s: PlannedStep) => {
      const state = steps.find((x) => x.key === s.key);
      const due = state?.dueAt ? new Date(state.dueAt) : plannedDue(s);
      const work = data.tasks.filter((x) => x.stepKey === s.key);
      const counts = work.length ? t(l, 'dash.stepCounts', { done: work.filter((x) => x.status === 'done').length, all: work.length, late: work.filter((x) => x.late).length }) : '';
      return html`<tr><td>${phaseTitle}</td><td>${s.title}</td><td>${tr(l, `dash.kind.${s.kind}`)}</td><td>${due ? formatDue(due, l) : '–'}${!state?.dueAt && s.afterStartDays !== undefined ? html` <span class="muted">(${t(l, 'dash.ifOnTime')})</span>` : ''}</td><td>${data.problems.some((p) => p.concerns.stepKey === s.key) ? needsActionBadge(l) : tr(l, `step.status.${state?.status ?? 'pending'}`)}${state?.skipReason ? html`: <span class="muted">${state.skipReason}</span>` : ''}</td><td>${counts}</td></tr>`;
    };
    const temporalLink = temporalUiUrl ? `${temporalUiUrl}/namespaces/${encodeURIComponent(config.temporalNamespace)}/workflows/${encodeURIComponent(cycle.id)}` : undefined;
    const openSteps = steps.filter((s) => s.status === 'pending' || s.status === 'running');
    const token = request.user?.csrfToken ?? '';
    const base = `/cycles/${request.params.definition}/${request.params.year}`;
    const body = html`
<h1>${cycle.definitionName} ${cycle.year}</h1>
${flash(l, request.query.done, undefined)}
<p>${t(l, 'dash.status')}: ${data.problems.length ? needsActionBadge(l) : html`<strong>${tr(l, `cycle.status.${cycle.status}`)}</strong>`}${currentTitle ? html` · ${t(l, 'dash.phase')}: <strong>${currentTitle}</strong>` : ''}${cycle.closeReason ? html` · <span class="muted">${cycle.closeReason}</span>` : ''}
· ${t(l, 'dash.version', { version: cycle.definitionVersion })}</p>
${problemsSection(l, data.problems)}
<div class="overview">
<figure class="wheel-figure">
${wheel}
<figcaption>
<h2 class="h3">${t(l, 'dash.legend')}</h2>
<ul class="legend">${phases.map((p, i) => html`<li><span class="swatch" style="background:${PHASE_COLOURS[i % PHASE_COLOURS.length]}"></span>${p.title}${p.current ? html` <strong>(${t(l, 'dash.now')})</strong>` : ''}</li>`)}
${phases.some((p) => position(cycle.year, p.end).lane === 1) ? html`<li>${t(l, 'dash.innerRing', { year: cycle.year + 1 })}</li>` : ''}
<li><span class="mark dot"></span>${t(l, 'dash.markDeadline')}</li><li><span class="mark diamond"></span>${t(l, 'dash.markDecision')}</li><li><span class="mark square"></span>${t(l, 'dash.markMeeting')}</li>${[String(cycle.year), String(cycle.year + 1)].includes(stockholmDate(now).slice(0, 4)) ? html`<li><span class="mark today"></span>${t(l, 'dash.today')}</li>` : ''}</ul>
</figcaption>
</figure>
<section aria-labelledby="progress-h">
<h2 id="progress-h">${t(l, 'dash.progress')}</h2>
<p>${t(l, 'dash.summary', { done, open, late })}</p>
${data.parties.length
  ? html`<table><caption>${t(l, 'dash.perParty')}</caption>
<thead><tr><th scope="col">${t(l, 'dash.party')}</th><th scope="col">${t(l, 'dash.done')}</th><th scope="col">${t(l, 'dash.open')}</th><th scope="col">${t(l, 'dash.lateCount')}</th></tr></thead>
<tbody>${data.parties.map((p) => html`<tr><td><a href="/parties/${p.organisationSlug}?year=${cycle.year}&amp;lang=${l}">${p.organisationName}</a></td><td>${p.done}</td><td>${p.open}</td><td>${p.late ? html`<strong class="error">${p.late}</strong>` : '0'}</td></tr>`)}</tbody></table>`
  : html`<p class="muted">${t(l, 'dash.noWork')}</p>`}
</section>
</div>
<h2>${t(l, 'dash.yearTable')}</h2>
${plan
  ? html`<table><caption>${t(l, 'dash.yearTableCaption')}</caption>
<thead><tr><th scope="col">${t(l, 'dash.phase')}</th><th scope="col">${t(l, 'dash.step')}</th><th scope="col">${t(l, 'dash.kind')}</th><th scope="col">${t(l, 'dash.due')}</th><th scope="col">${t(l, 'dash.status')}</th><th scope="col">${t(l, 'dash.work')}</th></tr></thead>
<tbody>${plan.phases.map((p) => p.steps.map((s) => stepRow(p.title, s)))}</tbody></table>`
  : ''}
<h2>${t(l, 'dash.decisionsPending')}</h2>
${decisionTable(l, t(l, 'dash.decisionsPending'), data.decisions.filter((d) => d.status === 'open'), canSeeTally)}
<h2>${t(l, 'dash.lateWork')}</h2>
${workTable(l, t(l, 'dash.lateWork'), data.tasks.filter((x) => x.late))}
<h2>${t(l, 'dash.nextMeetings')}</h2>
${meetingTable(l, t(l, 'dash.nextMeetings'), data.meetings)}
<h2>${t(l, 'dash.recent')}</h2>
${activityList(l, t(l, 'dash.recent'), data.recent, true, new Map<string, string>([...data.tasks.map((x) => [x.id, `${x.title} – ${x.organisationName}`] as const), ...data.decisions.map((d) => [d.id, d.title || d.question] as const)]))}
<details><summary>${t(l, 'dash.allWork', { count: data.tasks.length })}</summary>
${workTable(l, t(l, 'dash.allWorkCaption'), data.tasks)}
</details>
${coordinator(request) && cycle.status === 'running'
  ? html`<h2>${t(l, 'dash.coordinatorActions')}</h2>
${openSteps.length
  ? html`<form method="post" action="${base}/skip?lang=${l}" class="action">
<fieldset><legend>${t(l, 'dash.skipStep')}</legend>
${csrfField(token)}
<label for="skip-step">${t(l, 'dash.step')}</label>
<select id="skip-step" name="step" required><option value="">${t(l, 'dash.choose')}</option>${openSteps.map((s) => html`<option value="${s.key}">${s.title}</option>`)}</select>
<label for="skip-reason">${t(l, 'dash.reason')}</label>
<textarea id="skip-reason" name="reason" required rows="2"></textarea>
<p><input type="checkbox" id="skip-confirm" name="confirm" value="yes" required> <label for="skip-confirm">${t(l, 'dash.confirmSkip')}</label></p>
<button type="submit">${t(l, 'dash.skipStep')}</button>
</fieldset></form>`
  : ''}
<form method="post" action="${base}/cancel?lang=${l}" class="action">
<fieldset><legend>${t(l, 'dash.cancelCycle')}</legend>
${csrfField(token)}
<label for="cancel-reason">${t(l, 'dash.reason')}</label>
<textarea id="cancel-reason" name="reason" required rows="2"></textarea>
<p><input type="checkbox" id="cancel-confirm" name="confirm" value="yes" required> <label for="cancel-confirm">${t(l, 'dash.confirmCancel')}</label></p>
<button type="submit" class="danger">${t(l, 'dash.cancelCycle')}</button>
</fieldset></form>`
  : ''}
<p class="muted noprint"><a href="/api/dashboard/cycles/${request.params.definition}/${request.params.year}">${t(l, 'dash.json')}</a>${temporalLink ? html` · <a href="${temporalLink}">${t(l, 'dash.temporalLink')}</a>` : ''}</p>`;
    return send(request, reply, `${cycle.definitionName} ${cycle.year}`, body);
  });

  const cycleForm = z.object({ _csrf: csrf, reason: reasonField, confirm: z.literal('yes'), step: z.string().min(1).max(100).optional() });

  app.post('/cycles/:definition/:year/:action', { schema: { hide: true, params: cycleParams.extend({ action: z.enum(['skip', 'cancel']) }), querystring: lang, body: cycleForm } }, async (request, reply) => {
    requireCoordinatorPage(request);
    const { definition, year: y, action } = request.params;
    const payload = action === 'skip' ? { step: request.body.step ?? '', reason: request.body.reason, actor: { kind: 'coordinator' } } : { reason: request.body.reason, actor: { kind: 'coordinator' } };
    const result = await viaApi(request, `/api/cycles/${definition}/${y}/${action}`, payload);
    if (!result.ok) throw new UserError(result.status, 'dash.refused', { message: result.message });
    return reply.redirect(`/cycles/${definition}/${y}?lang=${request.locale}&done=${action === 'skip' ? 'skipped' : 'cancelled'}`, 303);
  });

  // ---------------------------------------------------------------- start a cycle

  const startForm = z.object({ _csrf: csrf, definition: definitionKey, year });

  const startFields = async (l: Locale, token: string, values: { definition?: string; year?: number }) => {
    const definitions = await listDefinitions(db);
    const thisYear = Number(stockholmDate(new Date()).slice(0, 4));
    return html`${csrfField(token)}
<label for="start-definition">${t(l, 'dash.definition')}</label>
<select id="start-definition" name="definition" required><option value="">${t(l, 'dash.choose')}</option>${definitions.map((d) => html`<option value="${d.key}"${d.key === (values.definition ?? definitions[0]?.key) ? html` selected` : ''}>${d.name} (v${d.version})</option>`)}</select>
<label for="start-year">${t(l, 'dash.year')}</label>
<input id="start-year" name="year" type="number" min="2000" max="2100" required value="${values.year ?? thisYear + 1}">`;
  };

  app.get('/cycles/new', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    requireCoordinatorPage(request);
    const l = request.locale;
    const body = html`<h1>${t(l, 'dash.startCycle')}</h1>
<p>${t(l, 'dash.startIntro')}</p>
<form method="post" action="/cycles/new/preview?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.chooseDefinition')}</legend>
${await startFields(l, request.user!.csrfToken, {})}
<button type="submit">${t(l, 'dash.preview')}</button></fieldset></form>`;
    return send(request, reply, t(l, 'dash.startCycle'), body);
  });

  const lateForm = z.object({
    startMode: z.enum(['fromPhase', 'redate']).optional(),
    phase: z.string().max(100).optional(),
    reason: z.string().max(2000).optional(),
    days: z.string().max(10).optional(),
  });
  const previewForm = startForm.extend(lateForm.shape);

  app.post('/cycles/new/preview', { schema: { hide: true, querystring: lang, body: previewForm } }, async (request, reply) => {
    requireCoordinatorPage(request);
    const l = request.locale;
    const { definition, year: y, ...choice } = request.body;
    const start = lateStartOf(choice);
    let result = await viaApi(request, '/api/cycles/preview', { definition, year: y, start });
    // A choice the API refuses: the year as it stands, with the refusal beside the choice.
    const refusal = !result.ok && start ? result : undefined;
    if (refusal) result = await viaApi(request, '/api/cycles/preview', { definition, year: y });
    if (!result.ok) {
      const issues = (result.body as { issues?: { path: string; message: string }[] }).issues ?? [];
      const body = html`<h1>${t(l, 'dash.startCycle')}</h1>
<div class="flash error" role="alert"><p>${result.message}</p>${issues.length ? html`<ul>${issues.map((i) => html`<li><strong>${i.path}</strong>: ${i.message}</li>`)}</ul>` : ''}</div>
<form method="post" action="/cycles/new/preview?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.chooseDefinition')}</legend>
${await startFields(l, request.user!.csrfToken, request.body)}
<button type="submit">${t(l, 'dash.preview')}</button></fieldset></form>`;
      return send(request, reply, t(l, 'dash.startCycle'), body, result.status);
    }
    const { plan, passed, choiceNeeded, meetings } = result.body as { plan: YearPlan; passed: PassedStep[]; choiceNeeded: boolean; meetings: MeetingPreview[] };
    const seats = await db.select({ id: schema.seats.id, slug: schema.seats.slug, title: schema.seats.title, org: schema.organisations.shortName }).from(schema.seats).innerJoin(schema.organisations, eq(schema.organisations.id, schema.seats.organisationId));
    const seatName = (id: string) => {
      const s = seats.find((x) => x.id === id || x.slug === id);
      return s ? `${s.org} (${s.title})` : id;
    };
    const rows = previewRows(l, plan, seatName);
    const chosen = refusal ? {} : choice;
    const late = passed.length
      ? html`${passedWarning(l, plan, passed, now())}
${refusal ? flash(l, undefined, refusal.message) : ''}
<form method="post" action="/cycles/new/preview?lang=${l}" class="action">${csrfField(request.user!.csrfToken)}
<input type="hidden" name="definition" value="${definition}"><input type="hidden" name="year" value="${y}">
${lateChoiceFields(l, plan, choice)}
<p><button type="submit">${t(l, 'late.previewAgain')}</button></p></form>
${lateChoiceSummary(l, plan)}`
      : '';
    const confirm = choiceNeeded || refusal
      ? html`<p class="muted">${t(l, 'late.chooseFirst')}</p>`
      : html`<form method="post" action="/cycles/new?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.confirmStart')}</legend>
${csrfField(request.user!.csrfToken)}
<input type="hidden" name="definition" value="${definition}"><input type="hidden" name="year" value="${y}">${lateChoiceHidden(chosen)}
<p><input type="checkbox" id="start-confirm" name="confirm" value="yes" required> <label for="start-confirm">${t(l, 'dash.confirmStartLabel', { name: plan.definitionName, year: plan.year })}</label></p>
<button type="submit">${t(l, 'dash.start')}</button> <a href="/cycles/new?lang=${l}">${t(l, 'dash.back')}</a></fieldset></form>`;
    const body = html`<h1>${t(l, 'dash.previewTitle', { name: plan.definitionName, year: plan.year })}</h1>
${late}
<p>${t(l, 'dash.previewIntro', { count: rows.length })}</p>
<table><caption>${t(l, 'dash.previewCaption')}</caption>
<thead><tr><th scope="col">${t(l, 'dash.when')}</th><th scope="col">${t(l, 'dash.what')}</th><th scope="col">${t(l, 'dash.step')}</th><th scope="col">${t(l, 'dash.to')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.when}</td><td>${r.what}</td><td>${r.step}</td><td>${r.to}</td></tr>`)}</tbody></table>
${meetingsOfYear(l, meetings)}
${confirm}`;
    return send(request, reply, t(l, 'dash.startCycle'), body);
  });

  app.post('/cycles/new', { schema: { hide: true, querystring: lang, body: previewForm.extend({ confirm: z.literal('yes') }) } }, async (request, reply) => {
    requireCoordinatorPage(request);
    const { definition, year: y, confirm: _c, _csrf, ...choice } = request.body;
    const result = await viaApi(request, '/api/cycles', { definition, year: y, start: lateStartOf(choice), actor: { kind: 'coordinator' } });
    if (!result.ok) throw new UserError(result.status, 'dash.refused', { message: result.message });
    return reply.redirect(`/cycles/${definition}/${y}?lang=${request.locale}&done=started`, 303);
  });

  // ---------------------------------------------------------------- party, my work

  app.get(
    '/api/dashboard/parties/:org',
    {
      schema: {
        summary: "What a party owes and has delivered in a year: its seats' tasks, votes and meetings it hosts",
        params: z.object({ org: z.string().regex(/^[a-z0-9-]+$/).max(100) }),
        querystring: z.object({ year: year.optional() }),
        response: { 200: z.unknown() },
      },
    },
    async (request) => {
      const y = request.query.year ?? Number(stockholmDate(new Date()).slice(0, 4));
      return party(request, request.params.org, y);
    },
  );

  app.get('/parties/:org', { schema: { hide: true, params: z.object({ org: z.string().regex(/^[a-z0-9-]+$/).max(100) }), querystring: lang.extend({ year: year.optional() }) } }, async (request, reply) => {
    const l = request.locale;
    const y = request.query.year ?? Number(stockholmDate(new Date()).slice(0, 4));
    const data = await party(request, request.params.org, y);
    const owes = data.tasks.filter((x) => x.status === 'open');
    const delivered = data.tasks.filter((x) => x.status === 'done').sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0));
    const shown = delivered.slice(0, DELIVERED_SHOWN);
    const body = html`<h1>${data.organisation.name} ${y}</h1>
<p>${t(l, 'dash.partySummary', { open: owes.length, late: owes.filter((x) => x.late).length, done: delivered.length })}</p>
<nav aria-label="${t(l, 'dash.years')}"><a href="/parties/${data.organisation.slug}?year=${y - 1}&amp;lang=${l}">← ${y - 1}</a> · <a href="/parties/${data.organisation.slug}?year=${y + 1}&amp;lang=${l}">${y + 1} →</a></nav>
<h2>${t(l, 'dash.owes')}</h2>
${workTable(l, t(l, 'dash.owes'), owes, { party: false })}
<h2>${t(l, 'dash.delivered')}</h2>
${workTable(l, t(l, 'dash.delivered'), shown, { party: false })}
${delivered.length > shown.length ? html`<p class="muted">${t(l, 'dash.latestOf', { shown: shown.length, all: delivered.length })} <a href="/api/dashboard/parties/${data.organisation.slug}?year=${y}">${t(l, 'dash.json')}</a></p>` : ''}
<h2>${t(l, 'dash.partyDecisions')}</h2>
${decisionTable(l, t(l, 'dash.partyDecisions'), data.decisions, (d) => coordinator(request) || d.showTally || d.status !== 'open')}
<h2>${t(l, 'dash.hosting')}</h2>
${meetingTable(l, t(l, 'dash.hosting'), data.hosting)}
<p class="muted"><a href="/api/dashboard/parties/${data.organisation.slug}?year=${y}">${t(l, 'dash.json')}</a></p>`;
    return send(request, reply, `${data.organisation.shortName} ${y}`, body);
  });

  app.get('/api/me/work', { schema: { summary: 'Open tasks and votes of the seats the signed-in person holds today', response: { 200: z.unknown() } } }, async (request) =>
    myWork(db, request.user!.seats.map((s) => s.seatId), new Date()),
  );

  app.get('/me', { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    const l = request.locale;
    const seatIds = request.user!.seats.map((s) => s.seatId);
    const work = await myWork(db, seatIds, new Date());
    const votes = work.decisions.filter((d) => d.seats.some((s) => !d.voted.includes(s)));
    const body = html`<h1>${t(l, 'dash.myWork')}</h1>
${flash(l, request.query.done, undefined)}
<p>${t(l, 'dash.myWorkIntro', { tasks: work.tasks.length, votes: votes.length })}</p>
<h2>${t(l, 'dash.myTasks')}</h2>
${workTable(l, t(l, 'dash.myTasks'), work.tasks)}
<h2>${t(l, 'dash.myVotes')}</h2>
${decisionTable(l, t(l, 'dash.myVotes'), work.decisions, (d) => d.showTally)}`;
    return send(request, reply, t(l, 'dash.myWork'), body);
  });
};

interface PreviewRow {
  at: number;
  when: string;
  what: string;
  step: string;
  to: string;
}

/** Every dated thing the plan will do, in date order: what goes out, when, to whom. */
export function previewRows(l: Locale, plan: YearPlan, seatName: (id: string) => string): PreviewRow[] {
  const rows: PreviewRow[] = [];
  const push = (at: string | undefined, what: string, step: PlannedStep, to: string[], relative: boolean, sortAt?: number) => {
    const date = at ? new Date(at) : undefined;
    rows.push({
      at: sortAt ?? date?.getTime() ?? Number.MAX_SAFE_INTEGER,
      when: date ? `${formatDue(date, l)}${relative ? ` (${t(l, 'dash.ifOnTime')})` : ''}` : t(l, 'dash.whenStepStarts'),
      what,
      step: step.title,
      // Who owns the measures a decision will select is unknown until it is decided.
      to: step.measuresOf && to.length === 0 ? t(l, 'plan.measuresOf', { step: step.measuresOf.title }) : to.map(seatName).join(', ') || '–',
    });
  };
  for (const phase of plan.phases) {
    // Meetings are listed on their own; skipped steps send nothing.
    for (const step of phase.steps.filter((s) => s.kind !== 'meetings' && !s.skipped)) {
      const schedule = step.schedule ?? step.earliest;
      const relative = !step.schedule;
      const assignees = step.decision ? step.decision.voterSeatIds : step.assignments.map((a) => a.seatId);
      // Sent when the step starts: listed just before the step's first dated row.
      const first = Math.min(...[...(schedule?.remindAt ?? []), schedule?.dueAt].filter((x): x is string => Boolean(x)).map((x) => Date.parse(x)));
      push(undefined, step.decision ? t(l, 'dash.preview.decisionRequest') : t(l, 'dash.preview.taskMail'), step, assignees, relative, first - 1);
      for (const at of schedule?.remindAt ?? []) push(at, t(l, 'dash.preview.reminder'), step, assignees, relative);
      const due = step.decision ? t(l, 'dash.preview.decisionDue') : t(l, 'dash.preview.deadline');
      push(schedule?.dueAt, step.redatedFrom ? t(l, 'late.redatedFrom', { what: due, date: formatDue(new Date(step.redatedFrom), l) }) : due, step, assignees, relative);
      for (const e of schedule?.escalations ?? []) push(e.at, t(l, 'dash.preview.escalation', { level: e.level }), step, e.seatIds, relative);
    }
  }
  // Stable: mails "when the step starts" stay just before their step's first dated row.
  return rows.map((r, i) => ({ r, i })).sort((a, b) => (a.r.at === b.r.at ? a.i - b.i : a.r.at - b.r.at)).map(({ r }) => r);
}

export default dashboard;
