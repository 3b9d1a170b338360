import type { StepLink } from '../services/cycle-step-links';
import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import type { PlannedStep, YearPlan } from '../../core/plan-types';
import type { StepState } from '../../workflows/cycle';
import { t, type Locale } from '../../i18n';
import type { Overview } from '../services/dashboard';
import type { CycleRef } from '../services/cycles';
import { activityList, confirmBox, csrfField, decisionTable, flash, headRow, meetingTable, row, tr, workTable } from './dashboard';
import { needsActionBadge, problemJson, problemsSection } from './problems';
import { phaseSpans, plannedDue, wheelFigure, workCounts } from './cycle-wheel';

/** Whether a reader sees a decision's tally: the coordinator always, others once it is shown or closed. */
const tallyFor = (coordinator: boolean) => (d: { showTally: boolean; status: string }) => coordinator || d.showTally || d.status !== 'open';

const phasesOf = (data: Overview) => {
  const plan = data.cycle.plan as YearPlan | null;
  return plan ? phaseSpans(plan, data.cycle.startedAt, data.cycle.currentPhase) : [];
};

/** The overview's JSON twin: the records plus the phases as the wheel draws them. */
export function overviewJson(l: Locale, data: Overview, coordinator: boolean) {
  const { plan: _p, ...cycle } = data.cycle;
  const canSeeTally = tallyFor(coordinator);
  return {
    ...data,
    cycle,
    phases: phasesOf(data),
    needsAction: data.problems.length > 0,
    problems: data.problems.map((p) => problemJson(l, p)),
    decisions: data.decisions.map((d) => (canSeeTally(d) ? d : { ...d, tally: null })),
  };
}

function stepRow(l: Locale, data: Overview, phaseTitle: string, s: PlannedStep): SafeHtml {
  const state = ((data.cycle.steps as StepState[] | null) ?? []).find((x) => x.key === s.key);
  const due = state?.dueAt ? new Date(state.dueAt) : plannedDue(s);
  const work = data.tasks.filter((x) => x.stepKey === s.key);
  const counts = work.length
    ? t(l, 'dash.stepCounts', {
        done: work.filter((x) => x.status === 'done').length,
        all: work.length,
        late: work.filter((x) => x.late).length,
      })
    : '';
  const ifOnTime = !state?.dueAt && s.afterStartDays !== undefined ? html` <span class="muted">(${t(l, 'dash.ifOnTime')})</span>` : '';
  const status = data.problems.some((p) => p.concerns.stepKey === s.key)
    ? needsActionBadge(l)
    : tr(l, `step.status.${state?.status ?? 'pending'}`);
  const skipped = state?.skipReason ? html`: <span class="muted">${state.skipReason}</span>` : '';
  const when = html`${due ? formatDue(due, l) : '–'}${ifOnTime}`;
  return row(phaseTitle, s.title, tr(l, `dash.kind.${s.kind}`), when, html`${status}${skipped}`, counts);
}

function partyProgress(l: Locale, data: Overview): SafeHtml {
  if (!data.parties.length) return html`<p class="muted">${t(l, 'dash.noWork')}</p>`;
  const year = data.cycle.year;
  const party = (p: Overview['parties'][number]) =>
    html`<a href="/parties/${p.organisationSlug}?year=${year}&amp;lang=${l}">${p.organisationName}</a>`;
  const rows = data.parties.map((p) => row(party(p), p.done, p.open, p.late ? html`<strong class="error">${p.late}</strong>` : '0'));
  return html`<table><caption>${t(l, 'dash.perParty')}</caption>
${headRow(l, 'dash.party', 'dash.done', 'dash.open', 'dash.lateCount')}
<tbody>${rows}</tbody></table>`;
}

function yearTable(l: Locale, data: Overview): SafeHtml | string {
  const plan = data.cycle.plan as YearPlan | null;
  if (!plan) return '';
  return html`<table><caption>${t(l, 'dash.yearTableCaption')}</caption>
${headRow(l, 'dash.phase', 'dash.step', 'dash.kind', 'dash.due', 'dash.status', 'dash.work')}
<tbody>${plan.phases.map((p) => p.steps.map((s) => stepRow(l, data, p.title, s)))}</tbody></table>`;
}

/** Skip a step, cancel the year: the coordinator's forms on a running cycle. */
function coordinatorActions(l: Locale, data: Overview, base: string, token: string): SafeHtml {
  const openSteps = ((data.cycle.steps as StepState[] | null) ?? []).filter((s) => s.status === 'pending' || s.status === 'running');
  const skip = openSteps.length
    ? html`<form method="post" action="${base}/skip?lang=${l}" class="action">
<fieldset><legend>${t(l, 'dash.skipStep')}</legend>
${csrfField(token)}
<label for="skip-step">${t(l, 'dash.step')}</label>
<select id="skip-step" name="step" required><option value="">${t(l, 'dash.choose')}</option>${openSteps.map(
        (s) => html`<option value="${s.key}">${s.title}</option>`,
      )}</select>
<label for="skip-reason">${t(l, 'dash.reason')}</label>
<textarea id="skip-reason" name="reason" required rows="2"></textarea>
${confirmBox('skip-confirm', t(l, 'dash.confirmSkip'))}
<button type="submit">${t(l, 'dash.skipStep')}</button>
</fieldset></form>`
    : '';
  return html`<h2>${t(l, 'dash.coordinatorActions')}</h2>
${skip}
<form method="post" action="${base}/cancel?lang=${l}" class="action">
<fieldset><legend>${t(l, 'dash.cancelCycle')}</legend>
${csrfField(token)}
<label for="cancel-reason">${t(l, 'dash.reason')}</label>
<textarea id="cancel-reason" name="reason" required rows="2"></textarea>
${confirmBox('cancel-confirm', t(l, 'dash.confirmCancel'))}
<button type="submit" class="danger">${t(l, 'dash.cancelCycle')}</button>
</fieldset></form>`;
}

export interface OverviewPage {
  data: Overview;
  ref: CycleRef;
  done?: string;
  coordinator: boolean;
  /** Reads the lägesrapport and the follow-up (the coordinator, the samordningsgrupp, the styrgrupp): only they get the links. */
  reviewer: boolean;
  /** The form and signature steps' pages the reader may open. */
  stepLinks?: StepLink[];
  csrf: string;
  /** The cycle's workflow in Temporal's web UI, when one runs. */
  temporalLink?: string;
}

/** The year's lägesrapport, when its definition has a report to write. */
function reportLink(l: Locale, base: string, plan: YearPlan | null): SafeHtml | string {
  if (!plan?.phases.some((p) => p.steps.some((s) => s.kind === 'report'))) return '';
  return html`<p><a href="${base}/report?lang=${l}">${t(l, 'review.editorLink')}</a></p>`;
}

/** Each form step's overview and each signature step's who-signed page, as the reader may open them. */
function stepLinkList(l: Locale, base: string, links: StepLink[]): SafeHtml | '' {
  if (!links.length) return '';
  const items = links.map(
    (x) => html`<li><a href="${base}/${x.kind}/${x.step}?lang=${l}">${t(l, `form.cycle.${x.kind}`, { title: x.title })}</a></li>`,
  );
  return html`<h2>${t(l, 'form.cycle.heading')}</h2><ul class="compact-list">${items}</ul>`;
}

/** A cycle's page: the wheel, progress per party, the year as a table, what is pending and late. */
export function overviewPage(l: Locale, p: OverviewPage): SafeHtml {
  const { data } = p;
  const { cycle } = data;
  const phases = phasesOf(data);
  const currentTitle = phases.find((x) => x.current)?.title;
  const base = `/cycles/${p.ref.definition}/${p.ref.year}`;
  const status = data.problems.length ? needsActionBadge(l) : html`<strong>${tr(l, `cycle.status.${cycle.status}`)}</strong>`;
  const phase = currentTitle ? html` · ${t(l, 'dash.phase')}: <strong>${currentTitle}</strong>` : '';
  const closed = cycle.closeReason ? html` · <span class="muted">${cycle.closeReason}</span>` : '';
  const labels = new Map<string, string>([
    ...data.tasks.map((x) => [x.id, `${x.title} – ${x.organisationName}`] as const),
    ...data.decisions.map((d) => [d.id, d.title || d.question] as const),
  ]);
  const temporal = p.temporalLink ? html` · <a href="${p.temporalLink}">${t(l, 'dash.temporalLink')}</a>` : '';
  return html`
<h1>${cycle.definitionName} ${cycle.year}</h1>
${flash(l, p.done, undefined)}
<p>${t(l, 'dash.status')}: ${status}${phase}${closed}
· ${t(l, 'dash.version', { version: cycle.definitionVersion })}</p>
${problemsSection(l, data.problems)}
${p.reviewer ? reportLink(l, base, cycle.plan as YearPlan | null) : ''}
<div class="overview">
${wheelFigure(l, data, phases, new Date())}
<section aria-labelledby="progress-h">
<h2 id="progress-h">${t(l, 'dash.progress')}</h2>
<p>${t(l, 'dash.summary', workCounts(data))}</p>
${partyProgress(l, data)}
</section>
</div>
<h2>${t(l, 'dash.yearTable')}</h2>
${yearTable(l, data)}
${p.reviewer ? html`<p><a href="${base}/follow-up?lang=${l}">${t(l, 'fu.pageLink')}</a></p>` : ''}
${stepLinkList(l, base, p.stepLinks ?? [])}
<h2>${t(l, 'dash.decisionsPending')}</h2>
${decisionTable(
  l,
  t(l, 'dash.decisionsPending'),
  data.decisions.filter((d) => d.status === 'open'),
  tallyFor(p.coordinator),
)}
<h2>${t(l, 'dash.lateWork')}</h2>
${workTable(
  l,
  t(l, 'dash.lateWork'),
  data.tasks.filter((x) => x.late),
)}
<h2>${t(l, 'dash.nextMeetings')}</h2>
${meetingTable(l, t(l, 'dash.nextMeetings'), data.meetings)}
<h2>${t(l, 'dash.recent')}</h2>
${activityList(l, t(l, 'dash.recent'), data.recent, true, labels)}
<details><summary>${t(l, 'dash.allWork', { count: data.tasks.length })}</summary>
${workTable(l, t(l, 'dash.allWorkCaption'), data.tasks)}
</details>
${p.coordinator && cycle.status === 'running' ? coordinatorActions(l, data, base, p.csrf) : ''}
<p class="muted noprint"><a href="/api/dashboard/cycles/${p.ref.definition}/${p.ref.year}">${t(l, 'dash.json')}</a>${temporal}</p>`;
}
