import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import type { PlannedStep, YearPlan } from '../../core/plan-types';
import type { CycleDefinitionRow } from '../../db/schema';
import { t, type Locale } from '../../i18n';
import type { LateChoice, Refusal, WizardPreview } from '../services/cycle-start';
import { csrfField, flash, headRow } from './dashboard';
import { lateChoiceFields, lateChoiceHidden, lateChoiceSummary, meetingsOfYear, passedWarning } from './late-start';

/** What the wizard's first form offers: the definitions and the year it proposes. */
export interface StartChoices {
  definitions: CycleDefinitionRow[];
  thisYear: number;
}

interface Chosen {
  definition?: string;
  year?: number;
}

function startFields(l: Locale, token: string, choices: StartChoices, values: Chosen): SafeHtml {
  const { definitions } = choices;
  const selected = values.definition ?? definitions[0]?.key;
  const options = definitions.map(
    (d) => html`<option value="${d.key}"${d.key === selected ? html` selected` : ''}>${d.name} (v${d.version})</option>`,
  );
  return html`${csrfField(token)}
<label for="start-definition">${t(l, 'dash.definition')}</label>
<select id="start-definition" name="definition" required><option value="">${t(l, 'dash.choose')}</option>${options}</select>
<label for="start-year">${t(l, 'dash.year')}</label>
<input id="start-year" name="year" type="number" min="2000" max="2100" required value="${values.year ?? choices.thisYear + 1}">`;
}

const chooseForm = (l: Locale, token: string, choices: StartChoices, values: Chosen) =>
  html`<form method="post" action="/cycles/new/preview?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.chooseDefinition')}</legend>
${startFields(l, token, choices, values)}
<button type="submit">${t(l, 'dash.preview')}</button></fieldset></form>`;

/** The wizard's first step: which definition, which year. */
export function startPage(l: Locale, token: string, choices: StartChoices): SafeHtml {
  return html`<h1>${t(l, 'dash.startCycle')}</h1>
<p>${t(l, 'dash.startIntro')}</p>
${chooseForm(l, token, choices, {})}`;
}

/** The first step again, with why the year cannot be previewed. */
export function startRefusedPage(l: Locale, token: string, choices: StartChoices, values: Chosen, refusal: Refusal): SafeHtml {
  const issues = refusal.issues.length
    ? html`<ul>${refusal.issues.map((i) => html`<li><strong>${i.path}</strong>: ${i.message}</li>`)}</ul>`
    : '';
  return html`<h1>${t(l, 'dash.startCycle')}</h1>
<div class="flash error" role="alert"><p>${refusal.message}</p>${issues}</div>
${chooseForm(l, token, choices, values)}`;
}

const yearFields = (definition: string, year: number) =>
  html`<input type="hidden" name="definition" value="${definition}"><input type="hidden" name="year" value="${year}">`;

/** The year as it would run, the late-start choice when dates have passed, and the confirmation. */
export function previewPage(
  l: Locale,
  token: string,
  wizard: Extract<WizardPreview, { preview: unknown }>,
  form: Required<Chosen> & { choice: LateChoice },
): SafeHtml {
  const { plan, passed, choiceNeeded, meetings } = wizard.preview;
  const { refusal } = wizard;
  const { definition, year, choice } = form;
  const rows = previewRows(l, plan, wizard.seatName);
  const late = passed.length
    ? html`${passedWarning(l, plan, passed, wizard.now)}
${refusal ? flash(l, undefined, refusal.message) : ''}
<form method="post" action="/cycles/new/preview?lang=${l}" class="action">${csrfField(token)}
${yearFields(definition, year)}
${lateChoiceFields(l, plan, choice)}
<p><button type="submit">${t(l, 'late.previewAgain')}</button></p></form>
${lateChoiceSummary(l, plan)}`
    : '';
  const confirmLabel = t(l, 'dash.confirmStartLabel', { name: plan.definitionName, year: plan.year });
  const confirm =
    choiceNeeded || refusal
      ? html`<p class="muted">${t(l, 'late.chooseFirst')}</p>`
      : html`<form method="post" action="/cycles/new?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.confirmStart')}</legend>
${csrfField(token)}
${yearFields(definition, year)}${lateChoiceHidden(choice)}
<p><input type="checkbox" id="start-confirm" name="confirm" value="yes" required> <label for="start-confirm">${confirmLabel}</label></p>
<button type="submit">${t(l, 'dash.start')}</button> <a href="/cycles/new?lang=${l}">${t(l, 'dash.back')}</a></fieldset></form>`;
  return html`<h1>${t(l, 'dash.previewTitle', { name: plan.definitionName, year: plan.year })}</h1>
${late}
<p>${t(l, 'dash.previewIntro', { count: rows.length })}</p>
<table><caption>${t(l, 'dash.previewCaption')}</caption>
${headRow(l, 'dash.when', 'dash.what', 'dash.step', 'dash.to')}
<tbody>${rows.map((r) => html`<tr><td>${r.when}</td><td>${r.what}</td><td>${r.step}</td><td>${r.to}</td></tr>`)}</tbody></table>
${meetingsOfYear(l, meetings)}
${confirm}`;
}

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
  // Who owns the measures a decision will select is unknown until it is decided.
  const recipients = (step: PlannedStep, to: string[]) =>
    step.measuresOf && to.length === 0 ? t(l, 'plan.measuresOf', { step: step.measuresOf.title }) : to.map(seatName).join(', ') || '–';
  const push = (at: string | undefined, what: string, step: PlannedStep, to: string[], relative: boolean, sortAt?: number) => {
    const date = at ? new Date(at) : undefined;
    rows.push({
      at: sortAt ?? date?.getTime() ?? Number.MAX_SAFE_INTEGER,
      when: date ? `${formatDue(date, l)}${relative ? ` (${t(l, 'dash.ifOnTime')})` : ''}` : t(l, 'dash.whenStepStarts'),
      what,
      step: step.title,
      to: recipients(step, to),
    });
  };
  for (const phase of plan.phases) {
    // Meetings are listed on their own; skipped steps send nothing.
    for (const step of phase.steps.filter((s) => s.kind !== 'meetings' && !s.skipped)) {
      const schedule = step.schedule ?? step.earliest;
      const relative = !step.schedule;
      // A shared task's other seats get its mail too, so the preview names them.
      const assignees = step.decision ? step.decision.voterSeatIds : step.assignments.flatMap((a) => [a.seatId, ...(a.coSeatIds ?? [])]);
      // Sent when the step starts: listed just before the step's first dated row.
      const dated = [...(schedule?.remindAt ?? []), schedule?.dueAt].filter((x): x is string => Boolean(x));
      const first = Math.min(...dated.map((x) => Date.parse(x)));
      push(
        undefined,
        step.decision ? t(l, 'dash.preview.decisionRequest') : t(l, 'dash.preview.taskMail'),
        step,
        assignees,
        relative,
        first - 1,
      );
      for (const at of schedule?.remindAt ?? []) push(at, t(l, 'dash.preview.reminder'), step, assignees, relative);
      const due = step.decision ? t(l, 'dash.preview.decisionDue') : t(l, 'dash.preview.deadline');
      const what = step.redatedFrom ? t(l, 'late.redatedFrom', { what: due, date: formatDue(new Date(step.redatedFrom), l) }) : due;
      push(schedule?.dueAt, what, step, assignees, relative);
      for (const e of schedule?.escalations ?? [])
        push(e.at, t(l, 'dash.preview.escalation', { level: e.level }), step, e.seatIds, relative);
    }
  }
  // Stable: mails "when the step starts" stay just before their step's first dated row.
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.at === b.r.at ? a.i - b.i : a.r.at - b.r.at))
    .map(({ r }) => r);
}
