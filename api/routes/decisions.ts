import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ApplicationFailure } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { castVote, DecisionFailure, decisionStatus } from '../../workflows/decision';
import { UserError } from '../plugins/errors';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import { actorSchema, resolveActor } from '../actor';
import { uuidParams } from '../schemas';
import { candidateMeasures, previousRound, shownOutputs } from '../../db/queries/outputs';
import { measureRef, previousRoundSchema, shownOutput } from './tasks';
import { t, type Locale, type MessageKey } from '../../i18n';
import { formatInstant } from '../../core/time';
import { tally } from '../../core/decision-rules';

const choice = z.enum(['approve', 'reject', 'changes']);
const vote = z.object({
  seatId: z.uuid(),
  choice,
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
  tally: tallySchema,
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
  tally: tallySchema,
  outcome: z.enum(['approved', 'rejected', 'changes_requested']).optional(),
  closedAt: z.string().optional(),
  closedBy: z.enum(['rule', 'deadline', 'cancelled']).optional(),
});

/** "closed on 31 May 2027 at 23:59 at the deadline with the outcome approved" */
export function closedMessage(locale: Locale, closedAt: string | Date | null | undefined, closedBy: unknown, outcome: unknown) {
  const when = closedAt ? formatInstant(new Date(closedAt), locale) : '';
  const how = t(locale, `decision.closedBy.${String(closedBy ?? 'deadline')}` as MessageKey);
  const result = outcome ? t(locale, `outcome.${String(outcome)}` as MessageKey) : t(locale, 'decision.noOutcome');
  return new UserError(409, 'decision.closed', { when, how, outcome: result }, { closedAt, closedBy, outcome: outcome ?? null });
}

const decisions: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal } = app.deps;
  const notFound = (id: string) => new UserError(404, 'decision.notFound', { id });

  async function loadDecision(id: string) {
    const [row] = await db.select().from(schema.decisions).where(eq(schema.decisions.id, id));
    if (!row) throw notFound(id);
    const votes = await db.select().from(schema.votes).where(eq(schema.votes.decisionId, id)).orderBy(asc(schema.votes.castAt));
    const counted = tally(row.voterSeatIds.length, votes.map((v) => v.choice));
    return { ...row, votes: votes.map(({ decisionId: _d, ...v }) => v), tally: counted };
  }
  const measures = async (ids: string[] | null) => (ids ? candidateMeasures(db, ids) : null);

  app.get(
    '/api/decisions/:id',
    { schema: { summary: 'A decision with its votes, as recorded', params: uuidParams, response: { 200: decision } } },
    async (request) => {
      const row = await loadDecision(request.params.id);
      return {
        ...row,
        shows: await shownOutputs(db, row.shownOutputIds),
        candidates: await measures(row.candidateMeasureIds),
        selected: await measures(row.selectedMeasureIds),
        previousRound: await previousRound(db, row),
      };
    },
  );

  app.get(
    '/api/decisions/:id/live',
    { schema: { summary: "A decision's live state, asked of its workflow", params: uuidParams, response: { 200: liveDecision } } },
    async (request) => {
      const row = await loadDecision(request.params.id);
      return talkToWorkflow(() => temporal.workflow.getHandle(row.workflowId).query(decisionStatus), notFound(row.id));
    },
  );

  app.post(
    '/api/decisions/:id/votes',
    {
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
      const row = await loadDecision(request.params.id);
      const locale = request.locale;
      if (request.body.actor.kind !== 'seat') throw new UserError(403, 'decision.seatsVote');
      const actor = resolveActor(request, request.body.actor);
      if (!row.voterSeatIds.includes(actor.seatId!)) throw new UserError(403, 'decision.notAVoter');
      if (row.status !== 'open') throw closedMessage(locale, row.closedAt, row.closedBy, row.outcome);
      const refusals: Record<string, (f: ApplicationFailure) => UserError> = {
        [DecisionFailure.closed]: (f) => {
          const d = failureDetails(f);
          return closedMessage(locale, d.closedAt as string, d.closedBy, d.outcome);
        },
        [DecisionFailure.notAVoter]: () => new UserError(403, 'decision.notAVoter'),
        [DecisionFailure.notYourSeat]: () => new UserError(403, 'decision.notAVoter'),
        [DecisionFailure.commentRequired]: () => new UserError(400, 'decision.commentRequired'),
        [DecisionFailure.unknownMeasure]: () => new UserError(400, 'decision.unknownMeasure'),
        [DecisionFailure.noMeasures]: () => new UserError(400, 'decision.noMeasures'),
      };
      return talkToWorkflow(
        () =>
          temporal.workflow.getHandle(row.workflowId).executeUpdate(castVote, {
            args: [{
              seatId: actor.seatId!,
              choice: request.body.choice,
              comment: request.body.comment,
              approvedMeasureIds: request.body.approvedMeasureIds,
              itemComments: request.body.itemComments,
              actor,
            }],
          }),
        // A finished workflow no longer takes updates: say how the decision closed.
        closedMessage(locale, row.closedAt, row.closedBy, row.outcome),
        refusals,
      );
    },
  );
};

export default decisions;
