import type { Outcome } from './decision-rules';

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
