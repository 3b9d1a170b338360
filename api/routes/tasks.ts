import { randomUUID } from 'node:crypto';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { findCycle } from '../../db/queries/cycles';
import { scheduleFor, type YearPlan } from '../../core/plan';
import { completeTask, extendTask, reassignTask, taskStatus, taskWorkflow } from '../../workflows/task';
import { taskService } from '../tasks';
import { candidateMeasures, measureDetail, previousRound, shownOutputs, taskParts } from '../../db/queries/outputs';
import { UserError } from '../plugins/errors';
import { talkToWorkflow } from '../temporal-errors';
import { actorSchema, requireCoordinator, resolveActor } from '../actor';
import { attachment, dueInput, dueToInstant, reason, uuidParams } from '../schemas';
import { formatDue } from '../../web/format';

const taskStatusEnum = z.enum(['open', 'done', 'cancelled', 'skipped']);

const task = z.object({
  id: z.uuid(),
  workflowId: z.string(),
  cycleId: z.string().nullable(),
  stepKey: z.string().nullable(),
  round: z.number(),
  kind: z.string(),
  measureId: z.uuid().nullable(),
  seatId: z.uuid(),
  title: z.string(),
  instructions: z.string(),
  status: taskStatusEnum,
  dueAt: z.date(),
  overdueSince: z.date().nullable(),
  escalationLevel: z.number(),
  completedAt: z.date().nullable(),
  completedByHolderId: z.uuid().nullable(),
  report: z.string().nullable(),
  attachments: z.array(attachment).nullable(),
  coSeatIds: z.array(z.uuid()).describe("A shared task's other owners; `seatId` is the lead owner, who submits it"),
  updatedAt: z.date(),
});

const measureRef = z.object({ id: z.uuid(), code: z.string(), title: z.string() });
/** What a task or decision shows of earlier steps, as it stood when its step started. */
export const shownOutput = z.object({
  outputId: z.uuid(),
  stepKey: z.string(),
  stepTitle: z.string(),
  version: z.number(),
  round: z.number(),
  text: z.string(),
  measures: z.array(measureRef),
  attachments: z.array(z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number() })),
  by: z.object({ seatTitle: z.string(), organisationName: z.string(), holderName: z.string().nullable() }).nullable(),
  at: z.date(),
});
export const previousRoundSchema = z
  .object({
    comments: z.array(z.object({
      voter: z.object({ organisationName: z.string(), holderName: z.string().nullable() }),
      choice: z.string(),
      comment: z.string(),
      itemComments: z.record(z.string(), z.string()),
    })),
    diff: z.object({ fromVersion: z.number(), toVersion: z.number(), lines: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() })) }).nullable(),
  })
  .nullable();
export { measureRef };

const taskDetail = task.extend({
  shows: z.array(shownOutput),
  measure: z
    .object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      description: z.string(),
      goal: z.object({ number: z.number(), title: z.string() }).nullable(),
      indicators: z.array(z.object({ name: z.string(), unit: z.string(), source: z.string() })),
      owners: z.array(z.object({ organisationName: z.string(), seatId: z.uuid().nullable(), lead: z.boolean() })),
    })
    .nullable(),
  parts: z.array(z.object({ seatId: z.uuid(), organisationName: z.string(), holderName: z.string().nullable(), text: z.string(), updatedAt: z.date() })),
  /** A proposing step's completion chose these measures. */
  chosen: z.array(measureRef),
  previousRound: previousRoundSchema,
});

const liveTask = z.object({
  taskId: z.string(),
  workflowId: z.string(),
  kind: z.string(),
  seatId: z.string(),
  title: z.string(),
  status: taskStatusEnum,
  dueAt: z.string(),
  overdueSince: z.string().optional(),
  escalationLevel: z.number(),
  remindersSent: z.number(),
  completedAt: z.string().optional(),
  completedByHolderId: z.string().optional(),
  report: z.string().optional(),
});

const tasks: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, config } = app.deps;

  const { load: loadTask, notFound, refuseClosed, refusals, part } = taskService(db, temporal);

  app.get(
    '/api/tasks',
    {
      schema: {
        summary: 'Tasks, filtered by cycle, seat or status',
        querystring: z.object({
          cycle: z.string().max(200).optional().describe('Cycle id, e.g. cycle/kvinnofrid-arshjul/2027'),
          seat: z.string().max(200).optional().describe('Seat id or slug'),
          status: taskStatusEnum.optional(),
        }),
        response: { 200: z.array(task) },
      },
    },
    async (request) => {
      const where: SQL[] = [];
      if (request.query.cycle) where.push(eq(schema.tasks.cycleId, request.query.cycle));
      if (request.query.status) where.push(eq(schema.tasks.status, request.query.status));
      if (request.query.seat) {
        const seat = await findSeat(db, request.query.seat);
        if (!seat) throw new UserError(400, 'seat.notFound', { seat: request.query.seat });
        where.push(eq(schema.tasks.seatId, seat.id));
      }
      return db.select().from(schema.tasks).where(and(...where)).orderBy(asc(schema.tasks.dueAt), asc(schema.tasks.title));
    },
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        summary: 'Give a seat a task with a deadline, outside any cycle (coordinator)',
        body: z.object({
          seat: z.string().trim().min(1).max(200).describe('Seat id or slug, e.g. samordningsgrupp/polisen'),
          title: z.string().trim().min(1).max(300),
          instructions: z.string().max(5000).optional(),
          dueAt: dueInput,
          actor: actorSchema,
        }),
        response: { 201: z.object({ id: z.uuid(), workflowId: z.string(), status: z.literal('open') }) },
      },
    },
    async (request, reply) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      const seat = await findSeat(db, request.body.seat);
      if (!seat) throw new UserError(400, 'seat.notFound', { seat: request.body.seat });
      const dueAt = dueToInstant(request.body.dueAt);
      if (dueAt.getTime() <= Date.now()) throw new UserError(400, 'task.dueInPast');
      const taskId = randomUUID();
      const workflowId = `task/adhoc/${taskId}`;
      await talkToWorkflow(
        () =>
          temporal.workflow.start(taskWorkflow, {
            workflowId,
            taskQueue: config.taskQueue,
            args: [
              {
                taskId,
                seatId: seat.id,
                title: request.body.title,
                instructions: request.body.instructions,
                schedule: { dueAt: dueAt.toISOString(), remindAt: [], escalations: [] },
              },
            ],
          }),
        notFound(taskId),
      );
      return reply.status(201).send({ id: taskId, workflowId, status: 'open' as const });
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        summary: 'A task as recorded, with what it shows of earlier steps, its measure, a shared task\'s parts and, from round 2, why it runs again',
        params: uuidParams,
        response: { 200: taskDetail },
      },
    },
    async (request) => {
      const row = await loadTask(request.params.id);
      const [output] = await db.select({ choices: schema.stepOutputs.choices }).from(schema.stepOutputs).where(eq(schema.stepOutputs.workflowId, row.workflowId));
      return {
        ...row,
        shows: await shownOutputs(db, row.shownOutputIds),
        measure: row.measureId ? await measureDetail(db, row.measureId, [row.seatId, ...row.coSeatIds]) : null,
        parts: await taskParts(db, row.id),
        chosen: await candidateMeasures(db, output?.choices.measureIds ?? []),
        previousRound: await previousRound(db, row),
      };
    },
  );

  app.get(
    '/api/tasks/:id/live',
    { schema: { summary: "A task's live state, asked of its workflow", params: uuidParams, response: { 200: liveTask } } },
    async (request) => {
      const row = await loadTask(request.params.id);
      return talkToWorkflow(() => temporal.workflow.getHandle(row.workflowId).query(taskStatus), notFound(row.id));
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        summary: "Complete a task with a short report (the seat's holder or the coordinator)",
        params: uuidParams,
        body: z.object({
          report: z.string().trim().min(1).max(20_000),
          attachments: z.array(attachment).max(20).optional(),
          choices: z
            .object({ measureIds: z.array(z.uuid()).max(200).optional().describe('For a step that proposes: the chosen measures of its action plan') })
            .optional(),
          actor: actorSchema,
        }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      const row = await loadTask(request.params.id);
      const actor = resolveActor(request, request.body.actor);
      if (actor.kind === 'seat' && actor.seatId !== row.seatId) {
        throw new UserError(403, row.coSeatIds.includes(actor.seatId!) ? 'task.leadSubmits' : 'task.notYourSeat');
      }
      if (row.status !== 'open') throw refuseClosed(request.locale, row.status);
      return talkToWorkflow(
        () =>
          temporal.workflow.getHandle(row.workflowId).executeUpdate(completeTask, {
            args: [{ report: request.body.report, attachments: request.body.attachments, choices: request.body.choices, actor }],
          }),
        notFound(row.id),
        refusals(request.locale),
      );
    },
  );

  app.post(
    '/api/tasks/:id/parts',
    {
      schema: {
        summary: "Add or replace a co-owner's part of a shared task while it is open (an owner's seat)",
        params: uuidParams,
        body: z.object({ text: z.string().trim().min(1).max(20_000), actor: actorSchema }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      if (request.body.actor.kind !== 'seat') throw new UserError(403, 'task.notAnOwner');
      return part(request.locale, request.params.id, request.body.text, resolveActor(request, request.body.actor));
    },
  );

  app.post(
    '/api/tasks/:id/reassign',
    {
      schema: {
        summary: 'Move an open task to another seat (coordinator)',
        params: uuidParams,
        body: z.object({ seat: z.string().trim().min(1).max(200), reason, actor: actorSchema }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      const row = await loadTask(request.params.id);
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      const seat = await findSeat(db, request.body.seat);
      if (!seat) throw new UserError(400, 'seat.notFound', { seat: request.body.seat });
      if (row.status !== 'open') throw refuseClosed(request.locale, row.status);
      return talkToWorkflow(
        () =>
          temporal.workflow.getHandle(row.workflowId).executeUpdate(reassignTask, {
            args: [{ seatId: seat.id, reason: request.body.reason, actor }],
          }),
        notFound(row.id),
        refusals(request.locale),
      );
    },
  );

  app.post(
    '/api/tasks/:id/extend',
    {
      schema: {
        summary: "Move an open task's deadline; reminders and escalations follow (coordinator)",
        params: uuidParams,
        body: z.object({ dueAt: dueInput, reason, actor: actorSchema }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      const row = await loadTask(request.params.id);
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      if (row.status !== 'open') throw refuseClosed(request.locale, row.status);
      const dueAt = dueToInstant(request.body.dueAt);
      if (dueAt.getTime() <= Date.now()) {
        throw new UserError(400, 'task.dueInPast', { due: formatDue(dueAt, request.locale) });
      }
      const step = row.cycleId && row.stepKey ? await plannedStep(row.cycleId, row.stepKey) : undefined;
      const schedule = scheduleFor(dueAt, step?.reminders ?? { before: [], onTheDay: false }, step?.escalation ?? []);
      return talkToWorkflow(
        () =>
          temporal.workflow.getHandle(row.workflowId).executeUpdate(extendTask, {
            args: [{ schedule, reason: request.body.reason, actor }],
          }),
        notFound(row.id),
        refusals(request.locale),
      );
    },
  );

  async function plannedStep(cycleId: string, stepKey: string) {
    const cycle = await findCycle(db, cycleId);
    const plan = cycle?.plan as YearPlan | null | undefined;
    return plan?.phases.flatMap((p) => p.steps).find((s) => s.key === stepKey);
  }
};

export default tasks;
