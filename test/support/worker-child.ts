import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openDatabase } from '../../db/client';
import { createWorker } from '../../worker/worker';
import { createMailer } from '../../activities/mailer';

/**
 * A worker in a process of its own, on a workflow bundle built once by the test (bundling at
 * every restart would take longer than the test's restarts): what `worker/main.ts` runs, for a
 * test that kills it.
 */
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

Runtime.install({ logger: new DefaultLogger('WARN') });
const database = await openDatabase({ databaseUrl: env('DATABASE_URL') });
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const worker = await createWorker({
  connection,
  namespace: env('TEMPORAL_NAMESPACE'),
  taskQueue: env('TEMPORAL_TASK_QUEUE'),
  db: database.db,
  publicUrl: 'http://localhost:3000',
  mailer: createMailer(process.env.SMTP_URL || undefined),
  workflowBundle: { codePath: env('WORKFLOW_BUNDLE') },
  // A cached workflow's next task goes to the sticky queue of the worker that ran it last. A real
  // Temporal server hands it to any worker once the sticky queue's schedule-to-start timeout passes;
  // the time-skipping test server (temporal-test-server 1.31) has no such timeout and answers
  // UNIMPLEMENTED to ResetStickyTaskQueue, so after a kill that task would wait forever. Without a
  // cache there is no sticky queue, and every task goes to the shared one.
  maxCachedWorkflows: 0,
});
const running = worker.run();
// The test waits for this message: until the worker polls, nothing takes over the dead one's work.
process.send!('ready');
// A test process that died without killing its workers leaves none behind.
process.on('disconnect', () => process.exit(1));
await running;
await connection.close();
await database.close();
