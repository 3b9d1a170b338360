import { sleep, workflowInfo } from '@temporalio/workflow';
import { activities, deliver } from './common';

/** A seat changes hands: the new holder hears once, on their first day, of all the seat owes. */
export interface HandoverInput {
  seatId: string;
  holderId: string;
  /** The new holder's first day, 00:00 in Stockholm, resolved by the caller. */
  effectiveAt: string;
}

export interface HandoverResult {
  tasks: number;
  decisions: number;
}

/**
 * Started by the holder change as `handover/<seat>/<holder>`, so a corrected change of the same
 * holder finds it running. What the seat owes is read on the first day, not at the change: work
 * that opens or closes in between is counted as it stands then.
 */
export async function handoverWorkflow(input: HandoverInput): Promise<HandoverResult> {
  const { workflowId } = workflowInfo();
  const wait = Date.parse(input.effectiveAt) - Date.now();
  if (wait > 0) await sleep(wait);
  const key = `${workflowId}:handover`;
  const written = await activities.handOver({ key, seatId: input.seatId, holderId: input.holderId, at: new Date().toISOString() });
  if (written.tasks + written.decisions > 0) await deliver({ key });
  return written;
}
