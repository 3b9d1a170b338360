import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { completeTask, taskStatus, TaskFailure, taskWorkflow } from '../../workflows/task';
import { UserError } from '../plugins/errors';
import { applicationFailure, engineError } from '../temporal-errors';
import { t, type MessageKey } from '../../i18n';

const task = z.object({
  id: z.uuid(),
  workflowId: z.string(),
  cycleId: z.string().nullable(),
  stepKey: z.string().nullable(),
  seatId: z.uuid(),
  title: z.string(),
  instructions: z.string(),
  status: z.enum(['open', 'done', 'cancelled', 'skipped']),
  dueAt: z.date(),
  overdueSince: z.date().nullable(),
  completedAt: z.date().nullable(),
  completedByHolderId: z.uuid().nullable(),
  report: z.string().nullable(),
  attachments: z.array(z.object({ name: z.string(), url: z.string().optional(), size: z.number().optional() })).nullable(),
  updatedAt: z.date(),
});

const liveStatus = z.object({
  taskId: z.string(),
  workflowId: z.string(),
  seatId: z.string(),
  title: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  dueAt: z.string(),
  overdueSince: z.string().optional(),
  completedAt: z.string().optional(),
  report: z.string().optional(),
});

const taskParams = z.object({ id: z.uuid() });
const attachment = z.object({
  name: z.string().trim().min(1).max(200),
  url: z.url().max(2000).optional(),
  size: z.number().int().nonnegative().optional(),
});

const tasks: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, config } = app.deps;

  const notFound = (id: string) => new UserError(404, 'task.notFound', { id });
  async function loadTask(id: string) {
    const [row] = await db.select().from(schema.tasks).where(eq(schema.tasks.id, id));
    if (!row) throw notFound(id);
    return row;
  }

  app.post(
    '/api/tasks',
    {
      schema: {
        summary: 'Give a seat a task with a deadline, outside any cycle',
        body: z.object({
          seat: z.string().trim().min(1).max(200).describe('Seat id or slug, e.g. samordningsgrupp/polisen'),
          title: z.string().trim().min(1).max(300),
          instructions: z.string().max(5000).optional(),
          dueAt: z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset'),
        }),
        response: { 201: z.object({ id: z.uuid(), workflowId: z.string(), status: z.literal('open') }) },
      },
    },
    async (request, reply) => {
      const seat = await findSeat(db, request.body.seat);
      if (!seat) throw new UserError(400, 'seat.notFound', { seat: request.body.seat });
      const taskId = randomUUID();
      const workflowId = `task/adhoc/${taskId}`;
      try {
        await temporal.workflow.start(taskWorkflow, {
          workflowId,
          taskQueue: config.taskQueue,
          args: [
            {
              taskId,
              seatId: seat.id,
              title: request.body.title,
              instructions: request.body.instructions,
              dueAt: new Date(request.body.dueAt).toISOString(),
            },
          ],
        });
      } catch (err) {
        throw engineError(err, notFound(taskId)) ?? err;
      }
      return reply.status(201).send({ id: taskId, workflowId, status: 'open' as const });
    },
  );

  app.get(
    '/api/tasks/:id',
    { schema: { summary: 'A task as recorded in the database', params: taskParams, response: { 200: task } } },
    async (request) => loadTask(request.params.id),
  );

  app.get(
    '/api/tasks/:id/live',
    { schema: { summary: "A task's live state, asked of its workflow", params: taskParams, response: { 200: liveStatus } } },
    async (request) => {
      const row = await loadTask(request.params.id);
      try {
        return await temporal.workflow.getHandle(row.workflowId).query(taskStatus);
      } catch (err) {
        throw engineError(err, notFound(request.params.id)) ?? err;
      }
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        summary: 'Complete a task with a short report',
        params: taskParams,
        body: z.object({
          report: z.string().trim().min(1).max(10_000),
          attachments: z.array(attachment).max(20).optional(),
        }),
        response: { 200: liveStatus },
      },
    },
    async (request) => {
      const row = await loadTask(request.params.id);
      const refuseClosed = (status: string) =>
        new UserError(409, 'task.notOpen', { status: t(request.locale, `task.status.${status}` as MessageKey) }, { status });
      if (row.status !== 'open') throw refuseClosed(row.status);
      try {
        return await temporal.workflow.getHandle(row.workflowId).executeUpdate(completeTask, {
          args: [{ report: request.body.report, attachments: request.body.attachments }],
        });
      } catch (err) {
        const failure = applicationFailure(err);
        if (failure?.type === TaskFailure.notOpen) {
          throw refuseClosed(String((failure.details?.[0] as { status?: string } | undefined)?.status ?? 'done'));
        }
        if (failure?.type === TaskFailure.emptyReport) throw new UserError(400, 'task.emptyReport');
        throw engineError(err, notFound(request.params.id)) ?? err;
      }
    },
  );
};

export default tasks;
