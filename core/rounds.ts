import type { Outcome } from './decision-rules';
import { t, type Locale } from '../i18n';

/**
 * Why a step runs again: the decision whose outcome sent the cycle back. The cycle records one
 * per round after the first, on the step it reruns.
 */
export interface RoundReason {
  round: number;
  stepKey: string;
  title: string;
  outcome: Exclude<Outcome, 'approved'>;
  /** The decision workflow of the round that asked for changes or rejected. */
  workflowId: string;
}

/** "Förslag (runda 2)": the first round is just the title. */
export const roundTitle = (l: Locale, title: string, round: number) => (round > 1 ? t(l, 'round.title', { title, round }) : title);

/** "Runda 2: i beslutet … begärdes ändringar." */
export const roundReasonText = (l: Locale, reason: RoundReason) =>
  t(l, reason.outcome === 'rejected' ? 'round.reason.rejected' : 'round.reason.changes_requested', { round: reason.round, title: reason.title });
