import type { z } from 'zod';
import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import { appendAudit } from '../../activities/audit';
import { t, zodErrorMaps, type MessageKey } from '../../i18n';
import * as q from '../../db/queries/register';
import type * as schema from '../../db/schema';
import { WorkflowNotFoundError } from '@temporalio/client';
import { membersChanged } from '../../workflows/meetings';
import { isEngineUnavailable, UserError } from '../plugins/errors';
import type { Ctx } from './context';
import { bodyEdit, bodyInput, organisationEdit, organisationInput, retireInput } from './register-schemas';

export interface FieldIssue {
  field: string;
  message: string;
}

/** A refused change: a 400 naming each wrong field in the reader's language, for the API and the forms alike. */
export class FieldRefusal extends UserError {
  constructor(readonly issues: FieldIssue[]) {
    super(400, 'register.refused', { issues: issues.map((i) => `${i.field}: ${i.message}`).join('; ') }, { issues });
  }
}

/** A form's flat fields (`holder.name`) as the nested input the API takes; an empty group is left out. */
function unflatten(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const [head, ...rest] = key.split('.');
    if (!rest.length) out[key] = value;
    else if (value !== '' && value !== undefined) ((out[head!] ??= {}) as Record<string, unknown>)[rest.join('.')] = value;
  }
  return out;
}

export function parse<T extends z.ZodType>(ctx: Ctx, schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(unflatten(input), { error: zodErrorMaps[ctx.locale] });
  if (result.success) return result.data;
  throw new FieldRefusal(result.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })));
}

export const refuse = (ctx: Ctx, field: string, key: MessageKey, params: Record<string, string | number> = {}): never => {
  throw new FieldRefusal([{ field, message: t(ctx.locale, key, params) }]);
};

export const today = (ctx: Ctx) => stockholmDate(ctx.now());

/** The day a retirement takes effect: the one given, or today. */
export const retireDay = (ctx: Ctx, input: unknown) => parse(ctx, retireInput, input).on ?? today(ctx);

/** One audit event per change, with the coordinator as actor. */
export const audit = (ctx: Ctx, actor: Actor, action: string, target: { kind: string; id: string }, detail: Record<string, unknown>) =>
  appendAudit(ctx.db, { action, actor, at: ctx.now().toISOString(), detail }, target);

/** The fields an edit changed, as before and after. */
export function changes<T extends object>(before: T, after: T): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (key === 'createdAt' || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    out[key as string] = { before: before[key], after: after[key] };
  }
  return out;
}

/** A key from a name: lower case a–z, digits and hyphens (å, ä, ö become a, a, o). */
export const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export async function findOrganisation(ctx: Ctx, slug: string): Promise<schema.Organisation> {
  return (await q.organisationBySlug(ctx.db, slug)) ?? refuse(ctx, 'organisation', 'register.org.unknown', { organisation: slug });
}

export async function loadOrganisation(ctx: Ctx, slug: string): Promise<schema.Organisation> {
  const found = await q.organisationBySlug(ctx.db, slug);
  if (!found) throw new UserError(404, 'register.org.unknown', { organisation: slug });
  return found;
}

export async function loadBody(ctx: Ctx, slug: string): Promise<schema.Body> {
  const found = await q.bodyBySlug(ctx.db, slug);
  if (!found) throw new UserError(404, 'admin.body.notFound', { body: slug });
  return found;
}

// ── Organisations (parties) ──
export async function createOrganisation(ctx: Ctx, actor: Actor, input: unknown): Promise<schema.Organisation> {
  const v = parse(ctx, organisationInput, input);
  const slug = v.slug ?? slugOf(v.shortName);
  if (!slug || (await q.organisationBySlug(ctx.db, slug))) refuse(ctx, 'slug', 'register.slugTaken', { slug });
  const org = await q.insertOrganisation(ctx.db, { ...v, slug, joinedOn: v.joinedOn ?? today(ctx) });
  await audit(ctx, actor, 'organisation.create', { kind: 'organisation', id: org.id }, { slug, name: org.name, joinedOn: org.joinedOn });
  return org;
}

export async function editOrganisation(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Organisation> {
  const before = await loadOrganisation(ctx, slug);
  const v = parse(ctx, organisationEdit, input);
  const after = await q.updateOrganisation(ctx.db, before.id, { ...v, joinedOn: v.joinedOn ?? before.joinedOn });
  await audit(ctx, actor, 'organisation.update', { kind: 'organisation', id: after.id }, { changes: changes(before, after) });
  await tellSeries(ctx, await q.bodySlugsOf(ctx.db, after.id));
  return after;
}

/** A party that leaves: its last day is set, so it leaves meeting rotations and is not offered for new seats. */
export async function retireOrganisation(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Organisation> {
  const before = await loadOrganisation(ctx, slug);
  const on = retireDay(ctx, input);
  if (before.joinedOn && on < before.joinedOn) refuse(ctx, 'on', 'register.retireBeforeStart', { from: before.joinedOn });
  const after = await q.updateOrganisation(ctx.db, before.id, { leftOn: on });
  await audit(ctx, actor, 'organisation.retire', { kind: 'organisation', id: after.id }, { leftOn: on });
  await tellSeries(ctx, await q.bodySlugsOf(ctx.db, after.id));
  return after;
}

// ── Bodies ──
async function convenorId(ctx: Ctx, slug: string | undefined) {
  return slug
    ? (await findOrganisation(ctx, slug).catch(() => refuse(ctx, 'convenor', 'register.org.unknown', { organisation: slug }))).id
    : null;
}

export async function createBody(ctx: Ctx, actor: Actor, input: unknown): Promise<schema.Body> {
  const { convenor, ...v } = parse(ctx, bodyInput, input);
  const slug = v.slug ?? slugOf(v.name);
  if (!slug || (await q.bodyBySlug(ctx.db, slug))) refuse(ctx, 'slug', 'register.slugTaken', { slug });
  const body = await q.insertBody(ctx.db, { ...v, slug, convenorOrganisationId: await convenorId(ctx, convenor) });
  await audit(ctx, actor, 'body.create', { kind: 'body', id: body.id }, { slug, name: body.name, kind: body.kind });
  return body;
}

export async function editBody(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Body> {
  const before = await loadBody(ctx, slug);
  const { convenor, ...v } = parse(ctx, bodyEdit, input);
  const after = await q.updateBody(ctx.db, before.id, { ...v, convenorOrganisationId: await convenorId(ctx, convenor) });
  await audit(ctx, actor, 'body.update', { kind: 'body', id: after.id }, { changes: changes(before, after) });
  return after;
}

export async function retireBody(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Body> {
  const before = await loadBody(ctx, slug);
  const on = retireDay(ctx, input);
  const after = await q.updateBody(ctx.db, before.id, { retiredOn: on });
  await audit(ctx, actor, 'body.retire', { kind: 'body', id: after.id }, { retiredOn: on });
  return after;
}

/**
 * Tells the meeting series of these bodies that their parties or seats changed, so the hosting
 * rotation takes a joiner in (or lets a leaver go) now rather than when the series next wakes. A
 * body without a running series, or Temporal out of reach, is left to that next wake.
 */
export async function tellSeries(ctx: Ctx, bodySlugs: string[]): Promise<void> {
  for (const slug of new Set(bodySlugs)) {
    try {
      await ctx.temporal.workflow.getHandle(`meetings/${slug}`).signal(membersChanged);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) && !isEngineUnavailable(err)) throw err;
    }
  }
}
