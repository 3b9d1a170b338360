import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorSchema, resolveActor } from '../actor';
import { reason } from '../schemas';
import {
  cycleParams,
  cycleRow,
  cycleStatusName,
  definitionKey,
  definitionSummary,
  meetingsOfYear,
  passedStep,
  skipBody,
  startBody,
} from '../cycle-schemas';
import { ctxOf } from '../services/context';
import { cancelCycle, cyclePlan, cycleRecord, listCycles, liveStatus, previewCycle, skipStep, startCycle } from '../services/cycles';
import { problemJson, problemSchema } from '../views/problems';

const lateTask = z.object({ taskId: z.uuid(), stepKey: z.string().nullable(), seatId: z.uuid(), title: z.string(), dueAt: z.date() });

const cycles: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/cycles/preview',
    {
      config: { access: 'coordinator' },
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
    async (request) => previewCycle(ctxOf(request), request.body),
  );

  app.post(
    '/api/cycles',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: "Start a year's cycle from a definition (coordinator); a year runs once per definition",
        body: startBody.extend({ actor: actorSchema }),
        response: { 201: z.object({ id: z.string(), definition: definitionSummary, plan: z.unknown() }) },
      },
    },
    async (request, reply) => {
      const started = await startCycle(ctxOf(request), resolveActor(request, request.body.actor), request.body);
      return reply.status(201).send(started);
    },
  );

  app.get(
    '/api/cycles',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: 'Cycles, newest year first',
        querystring: z.object({ definition: definitionKey.optional(), status: cycleStatusName.optional() }),
        response: { 200: z.array(cycleRow.omit({ steps: true })) },
      },
    },
    async (request) => listCycles(ctxOf(request), request.query),
  );

  app.get(
    '/api/cycles/:definition/:year',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: "A cycle's status from the records: phase, steps, late work, and workflows that need action",
        params: cycleParams,
        response: {
          200: cycleRow.extend({
            late: z.array(lateTask),
            needsAction: z.boolean().describe('True while any workflow of the cycle fails; `problems` says which and why'),
            problems: z.array(problemSchema),
          }),
        },
      },
    },
    async (request) => {
      const record = await cycleRecord(ctxOf(request), request.params);
      return { ...record, needsAction: record.problems.length > 0, problems: record.problems.map((p) => problemJson(request.locale, p)) };
    },
  );

  app.get(
    '/api/cycles/:definition/:year/plan',
    {
      config: { access: 'signedIn' },
      schema: { summary: 'The year plan the cycle runs', params: cycleParams, response: { 200: z.unknown() } },
    },
    async (request) => cyclePlan(ctxOf(request), request.params),
  );

  app.get(
    '/api/cycles/:definition/:year/live',
    {
      config: { access: 'signedIn' },
      schema: { summary: "A cycle's live status, asked of its workflow", params: cycleParams, response: { 200: z.unknown() } },
    },
    async (request) => liveStatus(ctxOf(request), request.params),
  );

  app.post(
    '/api/cycles/:definition/:year/skip',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: 'Skip a step with a reason (coordinator); its open work is closed',
        params: cycleParams,
        body: skipBody.extend({ actor: actorSchema }),
        response: { 200: z.unknown() },
      },
    },
    async (request) => skipStep(ctxOf(request), resolveActor(request, request.body.actor), request.params, request.body),
  );

  app.post(
    '/api/cycles/:definition/:year/cancel',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: 'Cancel a running cycle with a reason (coordinator); its open work is closed',
        params: cycleParams,
        body: z.object({ reason, actor: actorSchema }),
        response: { 200: z.unknown() },
      },
    },
    async (request) => cancelCycle(ctxOf(request), resolveActor(request, request.body.actor), request.params, request.body.reason),
  );
};

export default cycles;
