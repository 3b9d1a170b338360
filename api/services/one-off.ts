import { randomUUID } from 'node:crypto';
import { decisionWorkflow } from '../../workflows/decision';
import type { Actor } from '../../core/actor';
import type { Rule } from '../../core/decision-rules';
import type { DecisionEffect } from '../../db/schema';
import { findSeat, loadDirectory } from '../../db/queries/directory';
import { bodyNamed, decisionEffectOf, formState, insertDecisionEffect } from '../../db/queries/decision-effects';
import { bodyBySlug, organisationBySlug } from '../../db/queries/register';
import { t } from '../../i18n';
import { UserError } from '../plugins/errors';
import { talkToWorkflow } from '../temporal-errors';
import { dueToInstant } from '../schemas';
import { audit, FieldRefusal, parse, refuse, slugOf } from './register';
import { decisionForm, taskInput } from './one-off-schemas';
import { createTask } from './tasks';
import type { Ctx } from './context';

/**
 * Work outside the yearly cycle that the coordinator starts from the dashboard: a decision asked
 * of a body, whose approval may change the register or reopen a form, and a task to a seat or to
 * every seat of a body.
 */

/** An effect as asked for: a working group named by the one asking, its key free now. */
export type EffectInput =
  | { kind: 'none' }
  | { kind: 'createBody'; name: string; slug?: string; description?: string; convenor?: string }
  | { kind: 'reopenForm'; formId: string };

export interface DecisionRequest {
  body: string;
  title: string;
  question: string;
  rule?: Rule;
  dueAt: string;
  effect: EffectInput;
}

function futureDue(ctx: Ctx, dueAt: string): Date {
  const due = dueToInstant(dueAt);
  if (due.getTime() <= ctx.now().getTime()) refuse(ctx, 'dueAt', 'oneoff.dueInPast');
  return due;
}

async function currentSeats(ctx: Ctx, body: string, field: string) {
  if (!(await bodyBySlug(ctx.db, body))) refuse(ctx, field, 'oneoff.unknownBody', { body });
  return (await loadDirectory(ctx.db)).seats.filter((s) => s.bodySlug === body);
}

async function effectOf(ctx: Ctx, input: EffectInput): Promise<DecisionEffect> {
  if (input.kind === 'reopenForm') {
    const state = await formState(ctx.db, input.formId);
    if (!state) refuse(ctx, 'effect.formId', 'oneoff.unknownForm', { id: input.formId });
    if (state !== 'submitted') refuse(ctx, 'effect.formId', 'oneoff.formNotSubmitted');
  }
  if (input.kind !== 'createBody') return input;
  const name = input.name.trim();
  if (!name) refuse(ctx, 'effect.name', 'oneoff.nameRequired');
  const slug = input.slug || slugOf(name);
  if (!slug || (await bodyBySlug(ctx.db, slug))) refuse(ctx, 'effect.slug', 'register.slugTaken', { slug });
  const convenor = input.convenor ? await organisationBySlug(ctx.db, input.convenor) : undefined;
  if (input.convenor && !convenor) refuse(ctx, 'effect.convenor', 'register.org.unknown', { organisation: input.convenor });
  return {
    kind: 'createBody',
    slug,
    name,
    description: input.description?.trim() ?? '',
    ...(convenor ? { convenorOrganisationId: convenor.id } : {}),
  };
}

/**
 * Asks a body to decide, outside any cycle: the standalone decision workflow, its voters every
 * current seat of the body (as a definition's decision step without `voters`), with what approval
 * will do written first, for the close to apply.
 */
export async function requestDecision(ctx: Ctx, actor: Actor, input: DecisionRequest) {
  const voters = await currentSeats(ctx, input.body, 'body');
  if (!voters.length) refuse(ctx, 'body', 'oneoff.noVoters', { body: input.body });
  const due = futureDue(ctx, input.dueAt);
  const effect = await effectOf(ctx, input.effect);
  const decisionId = randomUUID();
  const workflowId = `decision/one-off/${decisionId}`;
  await insertDecisionEffect(ctx.db, decisionId, effect);
  await talkToWorkflow(
    () =>
      ctx.temporal.workflow.start(decisionWorkflow, {
        workflowId,
        taskQueue: ctx.config.taskQueue,
        args: [
          {
            decisionId,
            bodySlug: input.body,
            title: input.title,
            question: input.question,
            voterSeatIds: voters.map((v) => v.id),
            rule: input.rule ?? { kind: 'majority' },
            tie: 'rejected',
            showTally: true,
            schedule: { dueAt: due.toISOString(), remindAt: [], escalations: [] },
          },
        ],
      }),
    new UserError(404, 'decision.notFound', { id: decisionId }),
  );
  await audit(ctx, actor, 'decision.asked', { kind: 'decision', id: decisionId }, { body: input.body, title: input.title, effect });
  return { id: decisionId, workflowId, status: 'open' as const, voters: voters.length, effect };
}

/** What the decision page says its approval does, and once applied, what it did. */
export async function decisionEffectView(ctx: Ctx, decisionId: string) {
  const row = await decisionEffectOf(ctx.db, decisionId);
  if (!row) return undefined;
  const result = (row.result ?? {}) as { bodyId?: string; formId?: string; refused?: string; slug?: string };
  const body = result.bodyId ? await bodyNamed(ctx.db, result.bodyId) : undefined;
  return { effect: row.effect, appliedAt: row.appliedAt, result, body };
}
export type DecisionEffectView = NonNullable<Awaited<ReturnType<typeof decisionEffectView>>>;

export interface TaskRequest {
  seat?: string;
  body?: string;
  title: string;
  instructions?: string;
  dueAt: string;
}

/** A task to one seat, or one task to each current seat of a body. */
export async function assignTask(ctx: Ctx, actor: Actor, input: TaskRequest) {
  const { seat, body, ...task } = input;
  if (seat && body) throw new FieldRefusal(['seat', 'body'].map((field) => ({ field, message: tr(ctx, 'oneoff.notBoth') })));
  if (!seat && !body) throw new FieldRefusal(['seat', 'body'].map((field) => ({ field, message: tr(ctx, 'oneoff.seatOrBody') })));
  if (seat) return [{ seatId: (await seatNamed(ctx, seat)).id, ...(await createTask(ctx, actor, { ...task, seat })) }];
  futureDue(ctx, input.dueAt);
  const seats = await currentSeats(ctx, body!, 'body');
  if (!seats.length) refuse(ctx, 'body', 'oneoff.noSeats', { body: body! });
  const tasks = [];
  for (const s of seats) tasks.push({ seatId: s.id, ...(await createTask(ctx, actor, { ...task, seat: s.id })) });
  return tasks;
}

/** Said as before bodies could be given: the message names the field itself. */
async function seatNamed(ctx: Ctx, ref: string) {
  const found = await findSeat(ctx.db, ref);
  if (!found) throw new UserError(400, 'seat.notFound', { seat: ref });
  return found;
}

const tr = (ctx: Ctx, key: 'oneoff.notBoth' | 'oneoff.seatOrBody') => t(ctx.locale, key);

/** The dashboard's form for a decision: the kind of request says what approval does. */
export async function requestDecisionFromPage(ctx: Ctx, actor: Actor, form: unknown) {
  const { kind, effect, ...request } = parse(ctx, decisionForm, form);
  const asked: EffectInput = kind === 'workingGroup' ? { kind: 'createBody', ...effect, name: effect?.name ?? '' } : { kind: 'none' };
  return requestDecision(ctx, actor, { ...request, effect: asked });
}

export const assignTaskFromPage = (ctx: Ctx, actor: Actor, form: unknown) => assignTask(ctx, actor, parse(ctx, taskInput, form));

/** What the pages' forms offer: the bodies (with their voters) and seats to choose from, and the organisations that may convene. */
export async function oneOffChoices(ctx: Ctx) {
  const directory = await loadDirectory(ctx.db);
  const bodies = [...new Set(directory.seats.map((s) => s.bodySlug))].sort();
  const organisations = [...new Map(directory.seats.map((s) => [s.organisationSlug, s.organisationName])).entries()]
    .map(([slug, name]) => ({ slug, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return { bodies, seats: directory.seats, organisations };
}
export type OneOffChoices = Awaited<ReturnType<typeof oneOffChoices>>;
