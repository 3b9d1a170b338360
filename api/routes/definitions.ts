import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorSchema, resolveActor } from '../actor';
import { definitionSummary, issue, keyParams, scheduleState } from '../cycle-schemas';
import { ctxOf } from '../services/context';
import { definitionSummaries, latestVersion, scheduleOf, setSchedule, uploadDefinition, validateDefinition } from '../services/definitions';

const definitions: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/definitions',
    {
      config: { access: 'signedIn' },
      schema: { summary: 'Cycle definitions, latest version of each', response: { 200: z.array(definitionSummary) } },
    },
    async (request) => definitionSummaries(ctxOf(request)),
  );

  app.get(
    '/api/definitions/:key',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: 'The latest version of a cycle definition',
        params: keyParams,
        response: { 200: definitionSummary.extend({ definition: z.unknown() }) },
      },
    },
    async (request) => latestVersion(ctxOf(request), request.params.key),
  );

  app.post(
    '/api/definitions/validate',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: 'Check a cycle definition and list every problem with its path',
        body: z.object({ definition: z.unknown() }),
        response: { 200: z.object({ valid: z.boolean(), issues: z.array(issue) }) },
      },
    },
    async (request) => validateDefinition(ctxOf(request), request.body.definition),
  );

  app.post(
    '/api/definitions',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: 'Store a cycle definition as the next version of its key (coordinator)',
        body: z.object({ definition: z.unknown(), actor: actorSchema }),
        response: { 201: definitionSummary },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await uploadDefinition(ctxOf(request), resolveActor(request, request.body.actor), request.body.definition)),
  );

  app.get(
    '/api/definitions/:key/schedule',
    {
      config: { access: 'signedIn' },
      schema: { summary: 'Whether next year’s cycle starts by itself, and when', params: keyParams, response: { 200: scheduleState } },
    },
    async (request) => scheduleOf(ctxOf(request), request.params.key),
  );

  app.put(
    '/api/definitions/:key/schedule',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: "Turn on or off the yearly start of this definition's cycle (coordinator)",
        params: keyParams,
        body: z
          .object({
            enabled: z.boolean(),
            month: z.int().min(1).max(12).default(1),
            day: z.int().min(1).max(28).default(10),
            actor: actorSchema,
          })
          .describe('Starts at 08:00 Europe/Stockholm on the given day every year'),
        response: { 200: scheduleState },
      },
    },
    async (request) => setSchedule(ctxOf(request), resolveActor(request, request.body.actor), request.params.key, request.body),
  );
};

export default definitions;
