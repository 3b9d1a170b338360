import type { Actor } from '../../core/actor';
import * as q from '../../db/queries/register';
import type * as schema from '../../db/schema';
import { UserError } from '../plugins/errors';
import { changeHolder, dayBefore, newHolder, tooEarly, type NewHolder } from '../holders';
import { openWorkOfSeat, type OpenWork, type SeatRecord } from '../../db/queries/admin';
import { t, zodErrorMaps } from '../../i18n';
import type { Ctx } from './context';
import { changeHolderRecorded } from './holders';
import { audit, changes, findOrganisation, loadBody, parse, refuse, retireDay, tellSeries, today } from './register';
import { seatEdit, seatInput } from './register-schemas';

const bodyOf = (seat: schema.Seat) => seat.slug.split('/')[0]!;

export async function loadSeatRow(ctx: Ctx, slug: string): Promise<schema.Seat> {
  const found = await q.seatBySlug(ctx.db, slug);
  if (!found) throw new UserError(404, 'seat.unknown', { seat: slug });
  return found;
}

/**
 * A new seat in a body, held for an organisation with a mandate, and its first holder if given
 * (through the holder change every holder takes, so mail about the seat's work finds them).
 */
export async function addSeat(ctx: Ctx, actor: Actor, bodySlug: string, input: unknown) {
  const body = await loadBody(ctx, bodySlug);
  const v = parse(ctx, seatInput, input);
  if (body.retiredOn) refuse(ctx, 'body', 'register.retired', { name: body.name });
  const org = await findOrganisation(ctx, v.organisation);
  if (org.leftOn && org.leftOn < today(ctx)) refuse(ctx, 'organisation', 'register.retired', { name: org.shortName });
  const slug = `${body.slug}/${v.key ?? org.slug}`;
  if (await q.seatBySlug(ctx.db, slug)) refuse(ctx, 'key', 'register.slugTaken', { slug });
  const seat = await q.insertSeat(ctx.db, { slug, bodyId: body.id, organisationId: org.id, title: v.title, mandate: v.mandate });
  const holder = v.holder ? (await changeHolder(ctx.db, ctx.temporal, ctx.config.taskQueue, seat, v.holder)).holder : null;
  await audit(
    ctx,
    actor,
    'seat.create',
    { kind: 'seat', id: seat.id },
    { slug, organisation: org.slug, mandate: seat.mandate, holder: holder && { id: holder.id, validFrom: holder.validFrom } },
  );
  await tellSeries(ctx, [body.slug]);
  return { seat, holder };
}

export async function editSeat(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Seat> {
  const before = await loadSeatRow(ctx, slug);
  const v = parse(ctx, seatEdit, input);
  const after = await q.updateSeat(ctx.db, before.id, v);
  await audit(ctx, actor, 'seat.update', { kind: 'seat', id: after.id }, { changes: changes(before, after) });
  await tellSeries(ctx, [bodyOf(after)]);
  return after;
}

/** A retired seat keeps its history (tasks, votes, holders) but gets no new work and no meeting notices. */
export async function retireSeat(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<schema.Seat> {
  const before = await loadSeatRow(ctx, slug);
  const on = retireDay(ctx, input);
  const after = await q.updateSeat(ctx.db, before.id, { retiredOn: on });
  await audit(ctx, actor, 'seat.retire', { kind: 'seat', id: after.id }, { retiredOn: on });
  await tellSeries(ctx, [bodyOf(after)]);
  return after;
}

export type HolderChangeStep =
  | { kind: 'refused'; values: Record<string, string | undefined>; issues: { path: string; message: string }[] }
  | { kind: 'confirm'; input: NewHolder; work: OpenWork; sitting: schema.Holder | undefined; lastDay: string }
  | { kind: 'changed'; moved: number };

/**
 * The holder change as the seat page's form makes it: checked, then shown with the open work that
 * moves, then (confirmed) made, through the same change the JSON API makes.
 */
export async function holderChangeStep(
  ctx: Ctx,
  actor: Actor,
  r: SeatRecord,
  form: Record<string, string | undefined>,
): Promise<HolderChangeStep> {
  const l = ctx.locale;
  const parsed = newHolder.safeParse(form, { error: zodErrorMaps[l] });
  const early = parsed.success ? tooEarly(r.holders, parsed.data.validFrom) : undefined;
  if (!parsed.success || early) {
    const issues = parsed.success
      ? [{ path: 'validFrom', message: t(l, early!.key, early!.params).replace(/^validFrom: /, '') }]
      : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { kind: 'refused', values: form, issues };
  }
  const input = parsed.data;
  if (form.confirm) {
    const result = await changeHolderRecorded(ctx, actor, r.seat, input);
    return { kind: 'changed', moved: result.openTasksMoved.length };
  }
  const sitting = r.holders.find((h) => h.validFrom < input.validFrom && (h.validTo === null || h.validTo >= input.validFrom));
  return { kind: 'confirm', input, work: await openWorkOfSeat(ctx.db, r.seat.id), sitting, lastDay: dayBefore(input.validFrom) };
}
