import type { Actor } from '../../core/actor';
import * as q from '../../db/queries/register';
import type * as schema from '../../db/schema';
import { UserError } from '../plugins/errors';
import type { Ctx } from './context';
import { audit, changes, findOrganisation, parse, refuse, retireDay, slugOf, today } from './register';
import {
  actionPlanCopy,
  actionPlanEdit,
  actionPlanInput,
  goalInput,
  measureInput,
  strategyEdit,
  strategyInput,
  type MeasureInput,
} from './register-schemas';

async function loadStrategy(ctx: Ctx, slug: string): Promise<schema.Strategy> {
  const found = await q.strategyBySlug(ctx.db, slug);
  if (!found) throw new UserError(404, 'register.strategy.unknown', { strategy: slug });
  return found;
}

export async function loadPlan(ctx: Ctx, slug: string): Promise<schema.ActionPlan> {
  const found = await q.actionPlanBySlug(ctx.db, slug);
  if (!found) throw new UserError(404, 'register.plan.unknown', { plan: slug });
  return found;
}

export async function loadMeasure(ctx: Ctx, id: string): Promise<schema.Measure> {
  const found = await q.measureById(ctx.db, id);
  if (!found) throw new UserError(404, 'register.measure.unknown', { measure: id });
  return found;
}

// ── Strategies and their goals ──
export async function createStrategy(ctx: Ctx, actor: Actor, input: unknown): Promise<schema.Strategy> {
  const v = parse(ctx, strategyInput, input);
  const slug = v.slug ?? slugOf(v.title);
  if (!slug || (await q.strategyBySlug(ctx.db, slug))) refuse(ctx, 'slug', 'register.slugTaken', { slug });
  const row = await q.insertStrategy(ctx.db, { ...v, slug });
  await audit(ctx, actor, 'strategy.create', { kind: 'strategy', id: row.id }, { slug, title: row.title });
  return row;
}

export async function editStrategy(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Strategy> {
  const before = await loadStrategy(ctx, slug);
  const after = await q.updateStrategy(ctx.db, before.id, parse(ctx, strategyEdit, input));
  await audit(ctx, actor, 'strategy.update', { kind: 'strategy', id: after.id }, { changes: changes(before, after) });
  return after;
}

export async function addGoal(ctx: Ctx, actor: Actor, strategySlug: string, input: unknown): Promise<schema.Goal> {
  const strategy = await loadStrategy(ctx, strategySlug);
  const v = parse(ctx, goalInput, input);
  if ((await q.goalsOf(ctx.db, strategy.id)).some((g) => g.number === v.number))
    refuse(ctx, 'number', 'register.goal.numberTaken', { number: v.number });
  const goal = await q.insertGoal(ctx.db, { ...v, strategyId: strategy.id });
  await audit(
    ctx,
    actor,
    'goal.create',
    { kind: 'goal', id: goal.id },
    { strategy: strategy.slug, number: goal.number, title: goal.title },
  );
  return goal;
}

export async function editGoal(ctx: Ctx, actor: Actor, id: string, input: unknown): Promise<schema.Goal> {
  const before = await q.goalById(ctx.db, id);
  if (!before) throw new UserError(404, 'register.goal.unknown', { goal: id });
  const v = parse(ctx, goalInput, input);
  const others = (await q.goalsOf(ctx.db, before.strategyId)).filter((g) => g.id !== id);
  if (others.some((g) => g.number === v.number)) refuse(ctx, 'number', 'register.goal.numberTaken', { number: v.number });
  const after = await q.updateGoal(ctx.db, id, v);
  await audit(ctx, actor, 'goal.update', { kind: 'goal', id }, { changes: changes(before, after) });
  return after;
}

// ── Action plans ──
/** Two live plans of one strategy never share a year: a cycle's year must name one plan. */
async function checkPeriod(ctx: Ctx, strategyId: string, p: { periodStart: number; periodEnd: number }, except?: string) {
  const clash = (await q.livePlansOf(ctx.db, strategyId, except)).find((o) => o.periodStart <= p.periodEnd && p.periodStart <= o.periodEnd);
  if (clash) refuse(ctx, 'periodStart', 'register.plan.overlap', { plan: clash.title, from: clash.periodStart, to: clash.periodEnd });
}

async function freePlanSlug(ctx: Ctx, given: string | undefined, title: string) {
  const slug = given ?? slugOf(title);
  if (!slug || (await q.actionPlanBySlug(ctx.db, slug))) refuse(ctx, 'slug', 'register.slugTaken', { slug });
  return slug;
}

export async function createActionPlan(ctx: Ctx, actor: Actor, input: unknown): Promise<schema.ActionPlan> {
  const { strategy: strategySlug, ...v } = parse(ctx, actionPlanInput, input);
  const strategy =
    (await q.strategyBySlug(ctx.db, strategySlug)) ?? refuse(ctx, 'strategy', 'register.strategy.unknown', { strategy: strategySlug });
  await checkPeriod(ctx, strategy.id, v);
  const plan = await q.insertActionPlan(ctx.db, { ...v, slug: await freePlanSlug(ctx, v.slug, v.title), strategyId: strategy.id });
  await audit(
    ctx,
    actor,
    'action_plan.create',
    { kind: 'action_plan', id: plan.id },
    { slug: plan.slug, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
  );
  return plan;
}

export async function editActionPlan(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.ActionPlan> {
  const before = await loadPlan(ctx, slug);
  const v = parse(ctx, actionPlanEdit, input);
  await checkPeriod(ctx, before.strategyId, v, before.id);
  const after = await q.updateActionPlan(ctx.db, before.id, v);
  await audit(ctx, actor, 'action_plan.update', { kind: 'action_plan', id: after.id }, { changes: changes(before, after) });
  return after;
}

/** A new period's plan with the old plan's measures, goals and owners; the old plan is left as it was. */
export async function copyActionPlan(ctx: Ctx, actor: Actor, slug: string, input: unknown) {
  const from = await loadPlan(ctx, slug);
  const v = parse(ctx, actionPlanCopy, input);
  await checkPeriod(ctx, from.strategyId, v);
  const copied = await q.copyActionPlan(ctx.db, from, { ...v, slug: await freePlanSlug(ctx, v.slug, v.title) });
  const { plan } = copied;
  await audit(
    ctx,
    actor,
    'action_plan.copy',
    { kind: 'action_plan', id: plan.id },
    { from: from.slug, slug: plan.slug, periodStart: plan.periodStart, periodEnd: plan.periodEnd, measures: copied.measures },
  );
  return copied;
}

export async function retireActionPlan(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.ActionPlan> {
  const before = await loadPlan(ctx, slug);
  const on = retireDay(ctx, input);
  const after = await q.updateActionPlan(ctx.db, before.id, { retiredOn: on });
  await audit(ctx, actor, 'action_plan.retire', { kind: 'action_plan', id: after.id }, { retiredOn: on });
  return after;
}

// ── Measures ──
/** The checked fields of a measure: a goal of the plan's strategy, known owners, the lead among them. */
async function measureFields(ctx: Ctx, plan: schema.ActionPlan, v: MeasureInput, except?: string): Promise<q.MeasureFields> {
  const goals = await q.goalsOf(ctx.db, plan.strategyId);
  const goal =
    v.goal === undefined
      ? null
      : (goals.find((g) => g.number === v.goal) ?? refuse(ctx, 'goal', 'register.measure.noGoal', { number: v.goal }));
  const owners = [...new Set(v.owners)];
  const orgs = await Promise.all(
    owners.map((o) => findOrganisation(ctx, o).catch(() => refuse(ctx, 'owners', 'register.org.unknown', { organisation: o }))),
  );
  const gone = orgs.find((o) => o.leftOn && o.leftOn < today(ctx));
  if (gone) refuse(ctx, 'owners', 'register.retired', { name: gone.shortName });
  const lead = v.lead ?? owners[0]!;
  if (!owners.includes(lead)) refuse(ctx, 'lead', 'register.measure.leadNotOwner', { lead });
  const ids = [orgs.find((o) => o.slug === lead)!.id, ...orgs.filter((o) => o.slug !== lead).map((o) => o.id)];
  const clash = await q.measureByCode(ctx.db, plan.id, v.code);
  if (clash && clash.id !== except) refuse(ctx, 'code', 'register.measure.codeTaken', { code: v.code });
  return { code: v.code, title: v.title, description: v.description, goalId: goal?.id ?? null, owners: ids };
}

export async function addMeasure(ctx: Ctx, actor: Actor, planSlug: string, input: unknown): Promise<schema.Measure> {
  const plan = await loadPlan(ctx, planSlug);
  const v = parse(ctx, measureInput, input);
  if (plan.retiredOn) refuse(ctx, 'plan', 'register.retired', { name: plan.title });
  const measure = await q.insertMeasure(ctx.db, plan.id, await measureFields(ctx, plan, v));
  await audit(
    ctx,
    actor,
    'measure.create',
    { kind: 'measure', id: measure.id },
    { plan: plan.slug, code: measure.code, title: measure.title, owners: v.owners },
  );
  return measure;
}

export async function editMeasure(ctx: Ctx, actor: Actor, id: string, input: unknown): Promise<schema.Measure> {
  const before = await loadMeasure(ctx, id);
  const plan = (await q.actionPlanById(ctx.db, before.actionPlanId))!;
  const v = parse(ctx, measureInput, input);
  const ownersBefore = await q.ownersOf(ctx.db, id);
  const fields = await measureFields(ctx, plan, v, id);
  const after = await q.updateMeasure(ctx.db, id, fields);
  const changed = changes(before, after);
  if (JSON.stringify(ownersBefore) !== JSON.stringify(fields.owners)) changed.owners = { before: ownersBefore, after: fields.owners };
  await audit(ctx, actor, 'measure.update', { kind: 'measure', id }, { changes: changed });
  return after;
}

export async function retireMeasure(ctx: Ctx, actor: Actor, id: string, input: unknown): Promise<schema.Measure> {
  await loadMeasure(ctx, id);
  const on = retireDay(ctx, input);
  const after = await q.retireMeasure(ctx.db, id, on);
  await audit(ctx, actor, 'measure.retire', { kind: 'measure', id }, { retiredOn: on });
  return after;
}
