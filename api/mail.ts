import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { mailWorkflow, mailWorkflowId } from '../workflows/mail';

/**
 * Asks the worker to deliver a notice already written to the outbox; the request never talks to
 * SMTP. While a notice's mail is on its way, Temporal refuses a second start of its id. Once it
 * is done, a later ask may run it again: that sends only rows of the notice still unsent (one
 * written since, or one left behind while the engine was away), never a sent one twice. The
 * worker's outbox sweep asks the same way, for rows no request handed over.
 */
export async function sendLater(temporal: Client, taskQueue: string, noticeKey: string): Promise<void> {
  try {
    await temporal.workflow.start(mailWorkflow, {
      workflowId: mailWorkflowId(noticeKey),
      taskQueue,
      args: [{ noticeKey }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
