import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';

/** One piece of work owed by a seat, with a deadline. The seat's current holder does it. */
export interface TaskInput {
  taskId: string;
  seatId: string;
  title: string;
  instructions?: string;
  /** ISO instant, resolved outside the workflow (Europe/Stockholm calendar arithmetic included). */
  dueAt: string;
  cycleId?: string;
  stepKey?: string;
}

export interface Attachment {
  name: string;
  url?: string;
  size?: number;
}

export interface CompleteTaskInput {
  report: string;
  attachments?: Attachment[];
  /** The holder who did it, when known; the coordinator may complete on a seat's behalf. */
  holderId?: string;
}

export interface TaskState {
  taskId: string;
  workflowId: string;
  seatId: string;
  title: string;
  status: 'open' | 'done' | 'cancelled';
  dueAt: string;
  overdueSince?: string;
  completedAt?: string;
  completedByHolderId?: string;
  report?: string;
  attachments?: Attachment[];
}

export const completeTask = defineUpdate<TaskState, [CompleteTaskInput]>('completeTask');
export const taskStatus = defineQuery<TaskState>('taskStatus');

/** Failure types the API turns into a message in the user's language. */
export const TaskFailure = {
  notOpen: 'TaskNotOpen',
  emptyReport: 'TaskEmptyReport',
} as const;

const { projectTask } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

export async function taskWorkflow(input: TaskInput): Promise<TaskState> {
  const state: TaskState = {
    taskId: input.taskId,
    workflowId: workflowInfo().workflowId,
    seatId: input.seatId,
    title: input.title,
    status: 'open',
    dueAt: input.dueAt,
  };
  const project = () => projectTask({ ...state, instructions: input.instructions ?? '', cycleId: input.cycleId, stepKey: input.stepKey });

  setHandler(taskStatus, () => state);
  setHandler(
    completeTask,
    async (done) => {
      state.status = 'done';
      state.completedAt = new Date().toISOString();
      state.completedByHolderId = done.holderId;
      state.report = done.report.trim();
      state.attachments = done.attachments ?? [];
      await project();
      return state;
    },
    {
      validator: (done) => {
        if (state.status !== 'open') {
          throw ApplicationFailure.create({
            type: TaskFailure.notOpen,
            message: `The task is ${state.status}`,
            details: [{ status: state.status, completedAt: state.completedAt }],
            nonRetryable: true,
          });
        }
        if (done.report.trim() === '') {
          throw ApplicationFailure.create({ type: TaskFailure.emptyReport, message: 'The report is empty', nonRetryable: true });
        }
      },
    },
  );

  await project();
  const untilDue = Date.parse(input.dueAt) - Date.now();
  const doneInTime = untilDue > 0 && (await condition(() => state.status !== 'open', untilDue));
  if (!doneInTime && state.status === 'open') {
    state.overdueSince = input.dueAt;
    await project();
    await condition(() => state.status !== 'open');
  }
  await condition(allHandlersFinished);
  return state;
}
