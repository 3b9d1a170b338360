import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ScheduleNotFoundError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { findCycle, meetingPreview, prepareCycle } from '../../db/queries/cycles';
import { latestDefinition, listDefinitions, saveDefinitionVersion } from '../../db/queries/definitions';
import { cycleIdFor, deadlinesPassed } from '../../core/plan';
import { cancelCycle, CycleFailure, cycleStatus, cycleWorkflow, skipStep } from '../../workflows/cycle';
import { scheduledCycleWorkflow } from '../../workflows/scheduled';
import { UserError } from '../plugins/errors';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import { actorSchema, requireCoordinator, resolveActor } from '../actor';
import { reason } from '../schemas';
import { validateDefinition } from '../definitions';
import { t, type Locale, type MessageKey } from '../../i18n';
import { cycleProblems } from '../../db/queries/problems';
import { problemJson, problemSchema } from '../views/problems';

const definitionKey = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);
const year = z.coerce.number().int().min(2000).max(2100);
const cycleParams = z.object({ definition: definitionKey, year });
const issue = z.object({ path: z.string(), message: z.string() });
const definitionSummary = z.object({ id: z.uuid(), key: z.string(), version: z.number(), name: z.string(), createdAt: z.date() });
const cycleRow = z.object({
  id: z.string(),
  definitionId: z.uuid(),
  year: z.number(),
  status: z.enum(['running', 'completed', 'cancelled', 'failed']),
  currentPhase: z.string().nullable(),
  steps: z.unknown(),
  startedAt: z.date(),
  closedAt: z.date().nullable(),
  closeReason: z.string().nullable(),
  updatedAt: z.date(),
});

/** A year started late: at a later phase, or with passed deadlines moved to `days` days from today. */
export const lateStart = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fromPhase'), phase: z.string().min(1).max(100), reason }),
  z.object({ mode: z.literal('redate'), days: z.coerce.number().int().min(1).max(90) }),
]);
const passedStep = z.object({
  stepKey: z.string(),
  phaseKey: z.string(),
  title: z.string(),
  dueAt: z.string().optional(),
  remindAt: z.array(z.string()),
  escalations: z.array(z.string()),
});
const meetingsOfYear = z.object({
  bodySlug: z.string(),
  title: z.string(),
  hosting: z.enum(['rotating', 'convenor']),
  meetings: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), passed: z.boolean(), host: z.object({ slug: z.string(), name: z.string() }).nullable() })),
});

const cycles: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, config } = app.deps;
  const now = () => app.deps.clock?.() ?? new Date();
  const cycleNotFound = (id: string) => new UserError(404, 'cycle.notFound', { id });
  const stepStatusWord = (locale: Locale, status: unknown) => t(locale, `step.status.${String(status)}` as MessageKey);
  const cycleRefusals = (locale: Locale): Record<string, (f: ApplicationFailure) => UserError> => ({
    [CycleFailure.notRunning]: (f) => new UserError(409, 'cycle.notRunning', { status: t(locale, `cycle.status.${String(failureDetails(f).status)}` as MessageKey) }),
    [CycleFailure.unknownStep]: (f) => new UserError(400, 'cycle.unknownStep', { step: String(failureDetails(f).stepKey) }),
    [CycleFailure.stepFinished]: (f) => new UserError(409, 'cycle.stepFinished', { step: String(failureDetails(f).stepKey), status: stepStatusWord(locale, failureDetails(f).status) }),
    [CycleFailure.reasonRequired]: () => new UserError(400, 'cycle.reasonRequired'),
  });

  app.get(
    '/api/definitions',
    { schema: { summary: 'Cycle definitions, latest version of each', response: { 200: z.array(definitionSummary) } } },
    async () => (await listDefinitions(db)).map(({ definition: _d, ...row }) => row),
  );

  app.get(
    '/api/definitions/:key',
    {
      schema: {
        summary: 'The latest version of a cycle definition',
        params: z.object({ key: definitionKey }),
        response: { 200: definitionSummary.extend({ definition: z.unknown() }) },
      },
    },
    async (request) => {
      const row = await latestDefinition(db, request.params.key);
      if (!row) throw new UserError(404, 'definition.notFound', { key: request.params.key });
      return row;
    },
  );

  app.post(
    '/api/definitions/validate',
    {
      schema: {
        summary: 'Check a cycle definition and list every problem with its path',
        body: z.object({ definition: z.unknown() }),
        response: { 200: z.object({ valid: z.boolean(), issues: z.array(issue) }) },
      },
    },
    async (request) => {
      const { issues } = await validateDefinition(db, request.body.definition, request.locale);
      return { valid: issues.length === 0, issues };
    },
  );

  app.post(
    '/api/definitions',
    {
      schema: {
        summary: 'Store a cycle definition as the next version of its key (coordinator)',
        body: z.object({ definition: z.unknown(), actor: actorSchema }),
        response: { 201: definitionSummary },
      },
    },
    async (request, reply) => {
      requireCoordinator(resolveActor(request, request.body.actor));
      const result = await validateDefinition(db, request.body.definition, request.locale);
      if (!result.definition) {
        throw new UserError(400, 'definition.invalid', { count: result.issues.length }, { issues: result.issues });
      }
      const { definition: _d, ...row } = await saveDefinitionVersion(db, result.definition);
      return reply.status(201).send(row);
    },
  );

  const startBody = z.object({
    definition: definitionKey,
    year,
    version: z.int().min(1).optional().describe('Defaults to the latest version'),
    start: lateStart.optional().describe('How to start a year whose deadlines have partly passed (the preview lists them)'),
  });

  async function prepare(body: z.infer<typeof startBody>, locale: Locale, startAt: Date) {
    const prepared = await prepareCycle(db, { definitionKey: body.definition, year: body.year, version: body.version, startAt, late: body.start });
    if (prepared.ok) return prepared;
    if (prepared.reason === 'unknownDefinition') {
      throw new UserError(400, 'definition.unknown', { key: body.definition, version: body.version ?? '' });
    }
    const issues = prepared.issues.map((i) => ({ path: i.path, message: t(locale, i.key, i.args) }));
    // The definition is fine; the chosen way of starting late is not.
    if (issues.every((i) => i.path.startsWith('start.'))) {
      throw new UserError(400, 'late.refused', { problems: issues.map((i) => `${i.path}: ${i.message}`).join('; ') }, { issues });
    }
    throw new UserError(422, 'definition.cannotPlan', { count: issues.length }, { issues });
  }

  app.post(
    '/api/cycles/preview',
    {
      schema: {
        summary: 'The year plan a cycle would run: every step, date, reminder and recipient seat',
        body: startBody,
        response: {
          200: z.object({
            cycleId: z.string(),
            definition: definitionSummary,
            plan: z.unknown(),
            passed: z.array(passedStep).describe('Steps with dates before now, as the definition has them'),
            choiceNeeded: z.boolean().describe('Deadlines have passed and no `start` says how to deal with them: starting is refused'),
            meetings: z.array(meetingsOfYear),
          }),
        },
      },
    },
    async (request) => {
      const startAt = now();
      const prepared = await prepare(request.body, request.locale, startAt);
      const { definition: _d, ...definition } = prepared.definition;
      return {
        cycleId: prepared.plan.cycleId,
        definition,
        plan: prepared.plan,
        passed: prepared.passed,
        choiceNeeded: !request.body.start && deadlinesPassed(prepared.passed),
        meetings: await meetingPreview(db, prepared.plan, startAt),
      };
    },
  );

  app.post(
    '/api/cycles',
    {
      schema: {
        summary: "Start a year's cycle from a definition (coordinator); a year runs once per definition",
        body: startBody.extend({ actor: actorSchema }),
        response: { 201: z.object({ id: z.string(), definition: definitionSummary, plan: z.unknown() }) },
      },
    },
    async (request, reply) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      const prepared = await prepare(request.body, request.locale, now());
      if (!request.body.start && deadlinesPassed(prepared.passed)) {
        throw new UserError(400, 'late.choiceNeeded', {}, { passed: prepared.passed });
      }
      const id = prepared.plan.cycleId;
      try {
        await temporal.workflow.start(cycleWorkflow, {
          workflowId: id,
          taskQueue: config.taskQueue,
          args: [{ ...prepared.input, startedBy: actor }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          throw new UserError(409, 'cycle.exists', { year: request.body.year, key: request.body.definition }, { id });
        }
        throw err;
      }
      // The record exists the moment the start is confirmed, so the overview the coordinator is
      // sent to shows the cycle; the workflow's own report then fills in steps and phase.
      await db
        .insert(schema.cycles)
        .values({ id, definitionId: prepared.definition.id, year: request.body.year, status: 'running', plan: prepared.plan })
        .onConflictDoNothing({ target: schema.cycles.id });
      const { definition: _d, ...definition } = prepared.definition;
      return reply.status(201).send({ id, definition, plan: prepared.plan });
    },
  );

  app.get(
    '/api/cycles',
    {
      schema: {
        summary: 'Cycles, newest year first',
        querystring: z.object({ definition: definitionKey.optional(), status: z.enum(['running', 'completed', 'cancelled', 'failed']).optional() }),
        response: { 200: z.array(cycleRow.omit({ steps: true })) },
      },
    },
    async (request) => {
      const rows = await db
        .select()
        .from(schema.cycles)
        .where(request.query.status ? eq(schema.cycles.status, request.query.status) : undefined)
        .orderBy(desc(schema.cycles.year), asc(schema.cycles.id));
      return rows
        .filter((r) => !request.query.definition || r.id.startsWith(`cycle/${request.query.definition}/`))
        .map(({ plan: _p, steps: _s, ...r }) => r);
    },
  );

  async function loadCycle(params: { definition: string; year: number }) {
    const id = cycleIdFor(params.definition, params.year);
    const row = await findCycle(db, id);
    if (!row) throw cycleNotFound(id);
    return row;
  }

  app.get(
    '/api/cycles/:definition/:year',
    {
      schema: {
        summary: "A cycle's status from the records: phase, steps, late work, and workflows that need action",
        params: cycleParams,
        response: {
          200: cycleRow.extend({
            late: z.array(z.object({ taskId: z.uuid(), stepKey: z.string().nullable(), seatId: z.uuid(), title: z.string(), dueAt: z.date() })),
            needsAction: z.boolean().describe('True while any workflow of the cycle fails; `problems` says which and why'),
            problems: z.array(problemSchema),
          }),
        },
      },
    },
    async (request) => {
      const { plan: _p, ...row } = await loadCycle(request.params);
      const [late, problems] = await Promise.all([
        db
          .select({ taskId: schema.tasks.id, stepKey: schema.tasks.stepKey, seatId: schema.tasks.seatId, title: schema.tasks.title, dueAt: schema.tasks.dueAt })
          .from(schema.tasks)
          .where(and(eq(schema.tasks.cycleId, row.id), eq(schema.tasks.status, 'open'), lt(schema.tasks.dueAt, new Date())))
          .orderBy(asc(schema.tasks.dueAt)),
        cycleProblems(db, row.id),
      ]);
      return { ...row, late, needsAction: problems.length > 0, problems: problems.map((p) => problemJson(request.locale, p)) };
    },
  );

  app.get(
    '/api/cycles/:definition/:year/plan',
    { schema: { summary: 'The year plan the cycle runs', params: cycleParams, response: { 200: z.unknown() } } },
    async (request) => (await loadCycle(request.params)).plan,
  );

  app.get(
    '/api/cycles/:definition/:year/live',
    { schema: { summary: "A cycle's live status, asked of its workflow", params: cycleParams, response: { 200: z.unknown() } } },
    async (request) => {
      const id = cycleIdFor(request.params.definition, request.params.year);
      return talkToWorkflow(() => temporal.workflow.getHandle(id).query(cycleStatus), cycleNotFound(id));
    },
  );

  app.post(
    '/api/cycles/:definition/:year/skip',
    {
      schema: {
        summary: 'Skip a step with a reason (coordinator); its open work is closed',
        params: cycleParams,
        body: z.object({ step: z.string().min(1).max(100), reason, actor: actorSchema }),
        response: { 200: z.unknown() },
      },
    },
    async (request) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      const row = await loadCycle(request.params);
      return talkToWorkflow(
        () => temporal.workflow.getHandle(row.id).executeUpdate(skipStep, { args: [{ stepKey: request.body.step, reason: request.body.reason, actor }] }),
        cycleNotFound(row.id),
        cycleRefusals(request.locale),
      );
    },
  );

  app.post(
    '/api/cycles/:definition/:year/cancel',
    {
      schema: {
        summary: 'Cancel a running cycle with a reason (coordinator); its open work is closed',
        params: cycleParams,
        body: z.object({ reason, actor: actorSchema }),
        response: { 200: z.unknown() },
      },
    },
    async (request) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      const row = await loadCycle(request.params);
      if (row.status !== 'running') {
        throw new UserError(409, 'cycle.notRunning', { status: t(request.locale, `cycle.status.${row.status}` as MessageKey) });
      }
      return talkToWorkflow(
        () => temporal.workflow.getHandle(row.id).executeUpdate(cancelCycle, { args: [{ reason: request.body.reason, actor }] }),
        cycleNotFound(row.id),
        cycleRefusals(request.locale),
      );
    },
  );

  const scheduleState = z.object({
    enabled: z.boolean(),
    month: z.int().min(1).max(12).optional(),
    day: z.int().min(1).max(31).optional(),
    nextStart: z.date().optional(),
  });
  const months = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;
  const scheduleId = (key: string) => `yearly/${key}`;

  app.get(
    '/api/definitions/:key/schedule',
    { schema: { summary: 'Whether next year’s cycle starts by itself, and when', params: z.object({ key: definitionKey }), response: { 200: scheduleState } } },
    async (request) => {
      try {
        const d = await temporal.schedule.getHandle(scheduleId(request.params.key)).describe();
        const cal = d.spec.calendars?.[0];
        const month = cal?.month?.[0]?.start;
        return {
          enabled: !d.state.paused,
          month: month ? months.indexOf(month) + 1 : undefined,
          day: cal?.dayOfMonth?.[0]?.start,
          nextStart: d.info.nextActionTimes[0],
        };
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) return { enabled: false };
        throw err;
      }
    },
  );

  app.put(
    '/api/definitions/:key/schedule',
    {
      schema: {
        summary: "Turn on or off the yearly start of this definition's cycle (coordinator)",
        params: z.object({ key: definitionKey }),
        body: z
          .object({ enabled: z.boolean(), month: z.int().min(1).max(12).default(1), day: z.int().min(1).max(28).default(10), actor: actorSchema })
          .describe('Starts at 08:00 Europe/Stockholm on the given day every year'),
        response: { 200: scheduleState },
      },
    },
    async (request) => {
      requireCoordinator(resolveActor(request, request.body.actor));
      const key = request.params.key;
      if (!(await latestDefinition(db, key))) throw new UserError(404, 'definition.notFound', { key });
      const handle = temporal.schedule.getHandle(scheduleId(key));
      const { enabled, month, day } = request.body;
      const spec = { calendars: [{ month: months[month - 1]!, dayOfMonth: day, hour: 8, minute: 0 }], timezone: 'Europe/Stockholm' };
      const exists = await handle.describe().then(() => true, (err) => {
        if (err instanceof ScheduleNotFoundError) return false;
        throw err;
      });
      if (!enabled) {
        if (exists) await handle.delete();
        return { enabled: false };
      }
      const action = {
        type: 'startWorkflow' as const,
        workflowType: scheduledCycleWorkflow,
        args: [{ definitionKey: key }] as [{ definitionKey: string }],
        taskQueue: config.taskQueue,
        workflowId: `yearly/${key}`,
      };
      if (exists) await handle.update((prev) => ({ ...prev, spec, action, state: { ...prev.state, paused: false } }));
      else await temporal.schedule.create({ scheduleId: scheduleId(key), spec, action, policies: { overlap: 'SKIP', catchupWindow: '1 day' } });
      const d = await handle.describe();
      return { enabled: true, month, day, nextStart: d.info.nextActionTimes[0] };
    },
  );
};

export default cycles;
