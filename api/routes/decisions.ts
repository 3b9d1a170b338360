import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorSchema, resolveActor } from '../actor';
import { uuidParams } from '../schemas';
import { ctxOf } from '../services/context';
import { decisionLive, decisionRecord, voteOnDecision } from '../services/decisions';
import { measureRef, previousRoundSchema, shownOutput } from './tasks';

const choice = z.enum(['approve', 'reject', 'changes']);
const vote = z.object({
  seatId: z.uuid(),
  choice: choice.nullable().describe("Null where the vote is secret and not the reader's own"),
  comment: z.string(),
  holderId: z.uuid().nullable(),
  castAt: z.date(),
  approvedMeasureIds: z.array(z.uuid()).nullable(),
  itemComments: z.record(z.string(), z.string()),
});
const tallySchema = z.object({ approve: z.number(), reject: z.number(), changes: z.number(), cast: z.number(), voters: z.number() });
const decision = z.object({
  id: z.uuid(),
  workflowId: z.string(),
  cycleId: z.string().nullable(),
  stepKey: z.string().nullable(),
  round: z.number(),
  title: z.string(),
  question: z.string(),
  rule: z.unknown(),
  voterSeatIds: z.array(z.uuid()),
  status: z.enum(['open', 'closed', 'cancelled']),
  outcome: z.enum(['approved', 'rejected', 'changes_requested']).nullable(),
  dueAt: z.date(),
  closedAt: z.date().nullable(),
  closedBy: z.string().nullable(),
  votes: z.array(vote),
  tally: tallySchema.nullable().describe('Null while a secret vote is open'),
  shows: z.array(shownOutput),
  candidates: z.array(measureRef).nullable().describe('A decision over a list: the measures put forward'),
  selected: z.array(measureRef).nullable().describe('Closed approved over a list: the measures selected'),
  previousRound: previousRoundSchema,
});
const liveDecision = z.object({
  decisionId: z.string(),
  workflowId: z.string(),
  status: z.enum(['open', 'closed', 'cancelled']),
  dueAt: z.string(),
  tally: tallySchema.nullable().describe('Null while a secret vote is open'),
  outcome: z.enum(['approved', 'rejected', 'changes_requested']).optional(),
  closedAt: z.string().optional(),
  closedBy: z.enum(['rule', 'deadline', 'cancelled']).optional(),
});

const signedIn = { access: 'signedIn' } as const;

const decisions: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/decisions/:id',
    { config: signedIn, schema: { summary: 'A decision with its votes, as recorded', params: uuidParams, response: { 200: decision } } },
    async (request) => decisionRecord(ctxOf(request), request.user, request.params.id),
  );

  app.get(
    '/api/decisions/:id/live',
    {
      config: signedIn,
      schema: { summary: "A decision's live state, asked of its workflow", params: uuidParams, response: { 200: liveDecision } },
    },
    async (request) => decisionLive(ctxOf(request), request.user, request.params.id),
  );

  app.post(
    '/api/decisions/:id/votes',
    {
      config: signedIn,
      schema: {
        summary: "Cast or change a seat's vote while the decision is open",
        params: uuidParams,
        body: z.object({
          choice,
          comment: z.string().trim().max(5000).optional(),
          approvedMeasureIds: z.array(z.uuid()).max(200).optional().describe('Over a list: the measures approved; left out, all of them'),
          itemComments: z.record(z.uuid(), z.string().trim().max(2000)).optional().describe('Over a list: a comment per measure'),
          actor: actorSchema,
        }),
        response: { 200: liveDecision },
      },
    },
    async (request) => {
      const { actor, ...vote } = request.body;
      return voteOnDecision(ctxOf(request), resolveActor(request, actor), request.params.id, vote);
    },
  );
};

export default decisions;
