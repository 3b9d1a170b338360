import { defineSignal } from '@temporalio/workflow';

/** A child's news for the cycle's status query: who is done, who is late. */
export interface ChildChange {
  workflowId: string;
  kind: 'task' | 'decision';
  seatId?: string;
  status: string;
  dueAt: string;
  overdue: boolean;
}

export const childChanged = defineSignal<[ChildChange]>('childChanged');
