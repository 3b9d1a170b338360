import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import { holderOn } from '../../db/queries/directory';
import * as q from '../../db/queries/forms';
import { t } from '../../i18n';
import type { User } from '../plugins/session';
import { UserError } from '../plugins/errors';
import type { ActorInput } from '../actor';
import type { Ctx } from './context';
import { loadForm, readableForm, type LoadedForm } from './forms';
import { requestDecision } from './one-off';
import { parse } from './register';
import { required } from './register-schemas';
import { dueInput } from '../schemas';
import { z } from 'zod';
import { signerSeatForForm } from './signatures';

/**
 * Where the form pages meet signing and one-off decisions: who signs and how far it has come,
 * and a receiving body's proposal to reopen a submitted version.
 */

export interface Signing {
  /** The signer seat and its holder today; absent when the filler's organisation has no seat to sign. */
  signer?: { seat: string; organisation: string | null; holder?: string };
  /** The latest answer, signed or refused, to this version. */
  latest?: Awaited<ReturnType<typeof q.signaturesOf>>[number];
}

/** The signer seat of a form whose step is signed, or undefined: a form without one is not refused for it. */
export async function signerOf(ctx: Ctx, formId: string) {
  try {
    return await signerSeatForForm(ctx.db, formId);
  } catch {
    return undefined;
  }
}

export async function signingOf(ctx: Ctx, form: LoadedForm): Promise<Signing | undefined> {
  if (!form.step.signedBy) return undefined;
  const seat = await signerOf(ctx, form.form.id);
  const holder = seat && (await holderOn(ctx.db, seat.id, stockholmDate(ctx.now())));
  const signatures = await q.signaturesOf(ctx.db, form.form.id);
  return {
    signer: seat && { seat: seat.title, organisation: form.organisation, holder: holder?.name },
    latest: signatures.at(-1),
  };
}

/** Who may propose reopening a submitted version: a seat of the body it was submitted to, or the coordinator. */
export async function reopenerOf(ctx: Ctx, user: User | null, form: LoadedForm): Promise<ActorInput | undefined> {
  const { receiver } = form.step;
  if (form.form.state !== 'submitted' || !receiver) return undefined;
  const held = await q.seatIdsOfBody(ctx.db, receiver);
  const seat = user?.seats.find((s) => held.includes(s.seatId));
  if (seat) return { kind: 'seat', seat: seat.seatId };
  return user?.role === 'coordinator' ? { kind: 'coordinator' } : undefined;
}

/** The actor proposing from a page or the API; to a reader who may not propose, the refusal says why. */
export async function reopenerInput(ctx: Ctx, user: User | null, formId: string): Promise<ActorInput> {
  const { form } = await readableForm(ctx, user, formId);
  const input = await reopenerOf(ctx, user, form);
  if (!input) throw new UserError(409, 'form.reopen.notYours');
  return input;
}

/** The proposal as the page's form and the JSON door send it: a reason or question, and the decision's due date. */
export const reopenInput = z.object({
  question: required(z.string().trim().min(1).max(5000)),
  dueAt: required(dueInput),
});

/**
 * Asks the receiving body to decide whether the submitted version opens again: approval makes a
 * new draft version for the seat (the one-off decision's `reopenForm` effect).
 */
export async function proposeReopening(ctx: Ctx, actor: Actor, formId: string, input: unknown) {
  const form = await loadForm(ctx, formId);
  if (!form.step.receiver || form.form.state !== 'submitted') throw new UserError(409, 'form.reopen.notYours');
  const { question, dueAt } = parse(ctx, reopenInput, input);
  const title = t(ctx.locale, 'form.reopen.decisionTitle', { title: form.title, organisation: form.organisation ?? form.seatTitle });
  return requestDecision(ctx, actor, {
    body: form.step.receiver,
    title,
    question,
    dueAt,
    effect: { kind: 'reopenForm', formId },
  });
}
