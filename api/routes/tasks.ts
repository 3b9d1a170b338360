import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorSchema, resolveActor } from '../actor';
import { attachment, dueInput, reason, uuidParams } from '../schemas';
import { ctxOf } from '../services/context';
import { followUpInput, followUpRecord } from '../follow-up-schemas';
import { complementFollowUp } from '../services/follow-ups';
import { assignTask } from '../services/one-off';
import { taskInput } from '../services/one-off-schemas';
import { addTaskPart, completeTask, extendTask, findTasks, reassignTask, taskLive, taskRecord } from '../services/tasks';

const taskStatusEnum = z.enum(['open', 'done', 'cancelled', 'skipped']);
const createdTask = z.object({ id: z.uuid(), workflowId: z.string(), status: z.literal('open') });

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
  report: z
    .object({
      id: z.uuid(),
      number: z.number(),
      status: z.enum(['compiling', 'compiled', 'failed', 'approved', 'frozen']),
      title: z.string(),
      compiledAt: z.date().nullable(),
      summary: z.string(),
      path: z.string().describe('The version page; its files are `<path>/lagesrapport.pdf` and `<path>/lagesrapport.docx`'),
    })
    .nullable()
    .describe("A report task's output: the compiled version of the lägesrapport it put forward"),
  form: z
    .object({ fields: z.array(z.unknown()), values: z.record(z.string(), z.unknown()) })
    .nullable()
    .describe("A form task's output: the submitted form's fields (labels in Swedish and English) and values"),
  decision: z
    .object({ question: z.string(), outcome: z.enum(['approved', 'rejected', 'changes_requested']), decidedAt: z.date() })
    .nullable()
    .describe("A decision step's output: its question, outcome and date; `measures` are what it selected"),
  by: z.object({ seatTitle: z.string(), organisationName: z.string(), holderName: z.string().nullable() }).nullable(),
  at: z.date(),
});
export const previousRoundSchema = z
  .object({
    comments: z.array(
      z.object({
        voter: z.object({ organisationName: z.string(), holderName: z.string().nullable() }),
        choice: z.string(),
        comment: z.string(),
        itemComments: z.record(z.string(), z.string()),
      }),
    ),
    diff: z
      .object({
        fromVersion: z.number(),
        toVersion: z.number(),
        lines: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() })),
      })
      .nullable(),
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
  parts: z.array(
    z.object({ seatId: z.uuid(), organisationName: z.string(), holderName: z.string().nullable(), text: z.string(), updatedAt: z.date() }),
  ),
  /** A proposing step's completion chose these measures. */
  chosen: z.array(measureRef),
  previousRound: previousRoundSchema,
  followUp: followUpRecord.nullable().describe("A measure task's follow-up: the measure's status and links to evidence"),
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

const signedIn = { access: 'signedIn' } as const;
const coordinator = { access: 'coordinator' } as const;

const tasks: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/tasks',
    {
      config: signedIn,
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
    async (request) => findTasks(ctxOf(request), request.user, request.query),
  );

  app.post(
    '/api/tasks',
    {
      config: coordinator,
      schema: {
        summary: 'Give a seat, or each current seat of a body, a task with a deadline, outside any cycle (coordinator)',
        body: taskInput.extend({ actor: actorSchema }),
        response: {
          201: z.union([
            createdTask.describe('Given to a seat'),
            z.object({ tasks: z.array(createdTask.extend({ seatId: z.uuid() })) }).describe('Given to a body: one task per seat'),
          ]),
        },
      },
    },
    async (request, reply) => {
      const { actor, ...input } = request.body;
      const tasks = await assignTask(ctxOf(request), resolveActor(request, actor), input);
      return reply.status(201).send(input.body ? { tasks } : { id: tasks[0]!.id, workflowId: tasks[0]!.workflowId, status: 'open' });
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      config: signedIn,
      schema: {
        summary:
          "A task as recorded, with what it shows of earlier steps, its measure, a shared task's parts " +
          'and, from round 2, why it runs again',
        params: uuidParams,
        response: { 200: taskDetail },
      },
    },
    async (request) => taskRecord(ctxOf(request), request.user, request.params.id),
  );

  app.get(
    '/api/tasks/:id/live',
    {
      config: signedIn,
      schema: { summary: "A task's live state, asked of its workflow", params: uuidParams, response: { 200: liveTask } },
    },
    async (request) => taskLive(ctxOf(request), request.user, request.params.id),
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      config: signedIn,
      schema: {
        summary:
          "Complete a task with a short report (the seat's holder or the coordinator); a report task " +
          'by putting a compiled version of its report forward, the report then a note beside it',
        params: uuidParams,
        body: z.object({
          report: z.string().trim().min(1).max(20_000).optional(),
          version: z.int().min(1).max(100_000).optional().describe('For a report task: the number of the compiled version put forward'),
          attachments: z.array(attachment).max(20).optional(),
          choices: z
            .object({
              measureIds: z
                .array(z.uuid())
                .max(200)
                .optional()
                .describe('For a step that proposes: the chosen measures of its action plan'),
            })
            .optional(),
          followUp: followUpInput.optional().describe("For a measure task: the measure's status and links to evidence"),
          actor: actorSchema,
        }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      const { actor, ...input } = request.body;
      return completeTask(ctxOf(request), resolveActor(request, actor), request.params.id, input);
    },
  );

  app.put(
    '/api/tasks/:id/follow-up',
    {
      config: signedIn,
      schema: {
        summary: "Complement a done measure task's follow-up: status and links to evidence (an owner's seat or the coordinator)",
        params: uuidParams,
        body: followUpInput.extend({ actor: actorSchema }),
        response: { 200: followUpRecord },
      },
    },
    async (request) => {
      const { actor, ...input } = request.body;
      return complementFollowUp(ctxOf(request), resolveActor(request, actor), request.params.id, input);
    },
  );

  app.post(
    '/api/tasks/:id/parts',
    {
      config: signedIn,
      schema: {
        summary: "Add or replace a co-owner's part of a shared task while it is open (an owner's seat)",
        params: uuidParams,
        body: z.object({ text: z.string().trim().min(1).max(20_000), actor: actorSchema }),
        response: { 200: liveTask },
      },
    },
    async (request) => addTaskPart(ctxOf(request), resolveActor(request, request.body.actor), request.params.id, request.body.text),
  );

  app.post(
    '/api/tasks/:id/reassign',
    {
      config: coordinator,
      schema: {
        summary: 'Move an open task to another seat (coordinator)',
        params: uuidParams,
        body: z.object({ seat: z.string().trim().min(1).max(200), reason, actor: actorSchema }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      const { actor, ...input } = request.body;
      return reassignTask(ctxOf(request), resolveActor(request, actor), request.params.id, input);
    },
  );

  app.post(
    '/api/tasks/:id/extend',
    {
      config: coordinator,
      schema: {
        summary: "Move an open task's deadline; reminders and escalations follow (coordinator)",
        params: uuidParams,
        body: z.object({ dueAt: dueInput, reason, actor: actorSchema }),
        response: { 200: liveTask },
      },
    },
    async (request) => {
      const { actor, ...input } = request.body;
      return extendTask(ctxOf(request), resolveActor(request, actor), request.params.id, input);
    },
  );
};

export default tasks;
