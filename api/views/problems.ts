import { z } from 'zod';
import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { problemSubject, problemText } from '../../web/problems';
import { t, type Locale } from '../../i18n';
import type { ProblemItem } from '../../db/queries/problems';
import { headRow, row } from './dashboard';

/**
 * A cycle with a failing workflow says so where its status stands, in words and colour both, and
 * never "pågående": a red badge reading "Behöver åtgärd".
 */
export const needsActionBadge = (l: Locale): SafeHtml => html`<strong class="badge needs-action">⚠ ${t(l, 'problem.status')}</strong>`;

/** A problem as the JSON twins give it: the record plus what it concerns and what happened, in words. */
export const problemJson = (l: Locale, p: ProblemItem) => ({ ...p, subject: problemSubject(l, p), text: problemText(l, p) });

export function problemsSection(l: Locale, problems: ProblemItem[]): SafeHtml {
  if (!problems.length) return html``;
  const concerns = (p: ProblemItem) => {
    const subject = problemSubject(l, p);
    const c = p.concerns;
    return c.kind === 'task' || c.kind === 'decision' ? html`<a href="/${c.kind}s/${c.id}?lang=${l}">${subject}</a>` : subject;
  };
  return html`<section class="problems" aria-labelledby="problems-h">
<h2 id="problems-h">⚠ ${t(l, 'problem.heading')}</h2>
<p>${t(l, 'problem.intro')}</p>
<table><caption>${t(l, 'problem.heading')}</caption>
${headRow(l, 'problem.concerns', 'problem.what', 'problem.since')}
<tbody>${problems.map((p) => row(concerns(p), problemText(l, p), formatInstant(p.firstSeenAt, l)))}</tbody></table>
</section>`;
}

/** The response schema of a problem in the JSON API. */
export const problemSchema = z.object({
  id: z.uuid(),
  workflowId: z.string(),
  cycleId: z.string().nullable(),
  kind: z.enum(['workflow_task', 'activity']),
  activity: z.string(),
  reason: z.string(),
  attempts: z.number(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  concerns: z.object({
    kind: z.enum(['task', 'decision', 'cycle', 'other']),
    id: z.string(),
    title: z.string().nullable(),
    stepKey: z.string().nullable(),
    party: z.string().nullable(),
  }),
  subject: z.string().describe('What the problem concerns, in words'),
  text: z.string().describe('What happened, in plain words, in the language of the request'),
});
