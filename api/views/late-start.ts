import { html, type SafeHtml } from '../../web/html';
import { formatDate, formatDue } from '../../web/format';
import { formatMeetingWhen } from '../../web/format';
import type { PassedStep, YearPlan } from '../../core/plan-types';
import type { MeetingPreview } from '../../db/queries/cycles';
import { t, type Locale } from '../../i18n';
import type { LateChoice } from '../services/cycle-start';
import { row } from './dashboard';

/** In plain words: which dates of the year are over, step by step. */
export function passedWarning(l: Locale, plan: YearPlan, passed: PassedStep[], today: Date): SafeHtml {
  const phaseTitle = (key: string) => plan.phases.find((p) => p.key === key)?.title ?? key;
  const what = (p: PassedStep) =>
    p.dueAt
      ? t(l, 'late.passedDue', { date: formatDue(new Date(p.dueAt), l) })
      : t(l, 'late.passedReminders', { count: p.remindAt.length + p.escalations.length });
  return html`<section class="flash warning" aria-labelledby="late-title">
<h2 id="late-title">${t(l, 'late.warningTitle')}</h2>
<p>${t(l, 'late.warningIntro', { today: formatDate(today, l) })}</p>
<ul>${passed.map((p) => html`<li><strong>${p.title}</strong> (${phaseTitle(p.phaseKey)}): ${what(p)}</li>`)}</ul>
</section>`;
}

/** The two ways to start late, as radio buttons with their own fields; works without scripts. */
export function lateChoiceFields(l: Locale, plan: YearPlan, c: LateChoice): SafeHtml {
  const checked = (mode: LateChoice['startMode']) => (c.startMode === mode ? html` checked` : '');
  const mode = (id: string, value: NonNullable<LateChoice['startMode']>, label: string) => {
    const input = html`<input type="radio" id="${id}" name="startMode" value="${value}" aria-describedby="${id}-hint"${checked(value)}>`;
    return html`<p>${input} <label for="${id}">${label}</label></p>`;
  };
  const phases = plan.phases.map((p) => html`<option value="${p.key}"${p.key === c.phase ? html` selected` : ''}>${p.title}</option>`);
  return html`<fieldset><legend>${t(l, 'late.choiceLegend')}</legend>
${mode('late-from-phase', 'fromPhase', t(l, 'late.fromPhase'))}
<p id="late-from-phase-hint" class="muted">${t(l, 'late.fromPhaseHint')}</p>
<label for="late-phase">${t(l, 'late.phase')}</label>
<select id="late-phase" name="phase">${phases}</select>
<label for="late-reason">${t(l, 'late.reason')}</label>
<textarea id="late-reason" name="reason" rows="2" maxlength="2000">${c.reason ?? ''}</textarea>
${mode('late-redate', 'redate', t(l, 'late.redate'))}
<p id="late-redate-hint" class="muted">${t(l, 'late.redateHint')}</p>
<label for="late-days">${t(l, 'late.days')}</label>
<input id="late-days" name="days" type="number" min="1" max="90" inputmode="numeric" value="${c.days ?? '14'}">
</fieldset>`;
}

/** The chosen way, carried from the preview into the confirmation. */
export const lateChoiceHidden = (c: LateChoice): SafeHtml =>
  html`${(['startMode', 'phase', 'reason', 'days'] as const).map((name) =>
    c[name] !== undefined && c.startMode ? html`<input type="hidden" name="${name}" value="${c[name]}">` : '',
  )}`;

/** What the chosen way does to the year, in one sentence. */
export function lateChoiceSummary(l: Locale, plan: YearPlan): SafeHtml | string {
  const late = plan.lateStart;
  if (!late) return '';
  const steps = plan.phases.flatMap((p) => p.steps);
  if (late.mode === 'fromPhase') {
    const phase = plan.phases.find((p) => p.key === late.phase)?.title ?? late.phase;
    const skipped =
      steps
        .filter((s) => s.skipped)
        .map((s) => s.title)
        .join(', ') || '–';
    return html`<p class="flash" role="status">${t(l, 'late.chosenFromPhase', { phase, steps: skipped, reason: late.reason })}</p>`;
  }
  const newDate = steps.find((s) => s.redatedFrom)?.schedule?.dueAt;
  return newDate ? html`<p class="flash" role="status">${t(l, 'late.chosenRedate', { date: formatDue(new Date(newDate), l) })}</p>` : '';
}

/** Each body's meetings of the year with their hosts, said honestly when not yet known. */
export function meetingsOfYear(l: Locale, series: MeetingPreview[]): SafeHtml | string {
  if (!series.length) return '';
  const host = (s: MeetingPreview, m: MeetingPreview['meetings'][number]) =>
    m.passed
      ? html`<span class="muted">${t(l, 'late.meetingPassed')}</span>`
      : m.host
        ? m.host.name
        : t(l, s.hosting === 'convenor' ? 'late.hostConvenor' : 'late.hostInTurn');
  return html`<h2>${t(l, 'late.meetingsTitle')}</h2>
${series.map(
  (s) => html`<table><caption>${t(l, 'late.meetingsCaption', { title: s.title })}</caption>
<thead><tr><th scope="col">${t(l, 'late.meeting')}</th><th scope="col">${t(l, 'late.host')}</th></tr></thead>
<tbody>${s.meetings.map((m) => row(formatMeetingWhen(new Date(m.startsAt), new Date(m.endsAt), l), host(s, m)))}</tbody></table>`,
)}`;
}
