import { t, type Locale } from '../i18n';
import type { ProblemItem } from '../db/queries/problems';

/** Activities named by what they do for people, not by their function names. */
const actionOf = (activity: string) =>
  activity === 'deliver' || activity === 'notify' ? activity : activity.startsWith('record') ? 'record' : 'other';

/** What a problem concerns, in words: a task and its party, a decision, the cycle, a meeting series. */
export function problemSubject(l: Locale, p: Pick<ProblemItem, 'workflowId' | 'concerns'>): string {
  const c = p.concerns;
  if (c.kind === 'task') return t(l, 'problem.what.task', { title: c.title, party: c.party ?? '' });
  if (c.kind === 'decision') return t(l, 'problem.what.decision', { title: c.title });
  if (c.kind === 'cycle') return t(l, 'problem.what.cycle');
  const series = /^meetings\/(.+)$/.exec(p.workflowId);
  return series ? t(l, 'problem.what.meetings', { body: series[1]! }) : t(l, 'problem.what.other', { id: p.workflowId });
}

/** What went wrong, in plain words, with the error as Temporal reported it at the end. */
export function problemText(l: Locale, p: Pick<ProblemItem, 'kind' | 'activity' | 'attempts' | 'reason'>): string {
  if (p.kind === 'workflow_task') return t(l, 'problem.workflow_task', { reason: p.reason });
  const action = actionOf(p.activity);
  return t(l, 'problem.activity', {
    action: t(l, `problem.action.${action}`, { name: p.activity }),
    attempts: p.attempts,
    reason: p.reason,
  });
}
