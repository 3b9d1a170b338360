import { html, type SafeHtml } from '../../web/html';
import { formatDate, formatDue } from '../../web/format';
import { position, wheelSvg, PHASE_COLOURS, type WheelMark, type WheelPhase } from '../../web/wheel';
import { stockholmInstant } from '../../core/time';
import { formatInstant, stockholmDate } from '../../core/time';
import type { PlannedStep, YearPlan } from '../../core/plan-types';
import { t, type Locale } from '../../i18n';
import type { Overview } from '../services/dashboard';

/** When a planned step falls due (relative steps: if they started on time). */
export function plannedDue(step: PlannedStep): Date | undefined {
  const due = step.schedule?.dueAt ?? step.earliest?.dueAt;
  return due ? new Date(due) : undefined;
}

/** The phases as arcs of the year: each from where the one before ended to its last due date. */
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
  Array.from({ length: 12 }, (_, m) =>
    new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 15))).replace('.', ''),
  );
const MONTHS: Record<Locale, string[]> = { sv: monthNames('sv-SE'), en: monthNames('en-GB') };

/** How much of the cycle's work is done, open and late. */
export function workCounts(data: Overview) {
  return {
    done: data.tasks.filter((x) => x.status === 'done').length,
    open: data.tasks.filter((x) => x.status === 'open').length,
    late: data.tasks.filter((x) => x.late).length,
  };
}

function marksOf(l: Locale, data: Overview): WheelMark[] {
  const year = data.cycle.year;
  return [
    ...data.tasks
      .filter((x) => x.status === 'open')
      .map((x) => ({
        at: x.dueAt,
        kind: 'deadline' as const,
        label: `${x.title} – ${x.organisationName}, ${formatDue(x.dueAt, l)}`,
        late: x.late,
      })),
    ...data.decisions.map((d) => ({ at: d.dueAt, kind: 'decision' as const, label: `${d.title || d.question}, ${formatDue(d.dueAt, l)}` })),
    ...data.meetings
      .filter((m) => m.startsAt.getUTCFullYear() === year)
      .map((m) => ({ at: m.startsAt, kind: 'meeting' as const, label: `${m.bodyName}, ${formatInstant(m.startsAt, l)}` })),
  ];
}

/** The wheel with its text alternative and legend. */
export function wheelFigure(l: Locale, data: Overview, phases: WheelPhase[], now: Date): SafeHtml {
  const { cycle } = data;
  const currentTitle = phases.find((p) => p.current)?.title;
  const wheel = wheelSvg({
    year: cycle.year,
    phases,
    marks: marksOf(l, data),
    today: now,
    months: MONTHS[l],
    title: t(l, 'dash.wheelTitle', { name: cycle.definitionName, year: cycle.year }),
    description: t(l, 'dash.wheelDesc', {
      phases: phases.map((p) => `${p.title} (${formatDate(p.start, l)} – ${formatDate(p.end, l)})`).join('; '),
      current: currentTitle ?? '–',
      today: formatDue(now, l),
      ...workCounts(data),
    }),
    todayLabel: t(l, 'dash.today'),
  });
  const nowMark = html` <strong>(${t(l, 'dash.now')})</strong>`;
  const phaseItems = phases.map(
    (p, i) => html`<li><span class="swatch phase-${i % PHASE_COLOURS.length}"></span>${p.title}${p.current ? nowMark : ''}</li>`,
  );
  const inner = phases.some((p) => position(cycle.year, p.end).lane === 1)
    ? html`<li>${t(l, 'dash.innerRing', { year: cycle.year + 1 })}</li>`
    : '';
  const thisOrNext = [String(cycle.year), String(cycle.year + 1)].includes(stockholmDate(now).slice(0, 4));
  const today = thisOrNext ? html`<li><span class="mark today"></span>${t(l, 'dash.today')}</li>` : '';
  const marks = html`<li><span class="mark dot"></span>${t(l, 'dash.markDeadline')}</li><li><span class="mark diamond"></span>${t(
    l,
    'dash.markDecision',
  )}</li><li><span class="mark square"></span>${t(l, 'dash.markMeeting')}</li>`;
  return html`<figure class="wheel-figure">
${wheel}
<figcaption>
<h2 class="h3">${t(l, 'dash.legend')}</h2>
<ul class="legend">${phaseItems}
${inner}
${marks}${today}</ul>
</figcaption>
</figure>`;
}
