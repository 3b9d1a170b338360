import { createHash } from 'node:crypto';
import type { Actor } from '../../core/actor';
import { validateForm } from '../../core/form-fields';
import { shownFields } from '../../web/shown-form';
export type { ShownField } from '../../web/shown-form';
import { stockholmDate } from '../../core/time';
import type { Db } from '../../db/client';
import { holderOn } from '../../db/queries/directory';
import { supersedeLinksTo } from '../../db/queries/link-tokens';
import { findTask } from '../../db/queries/tasks';
import {
  formWithStep,
  moveFormState,
  recordSignature,
  seatsOfOrganisationIn,
  setFormState,
  signaturesOf,
} from '../../db/queries/signatures';
import { writeNotice } from '../../activities/notices';
import { t } from '../../i18n';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import { sendLater } from '../mail';
import { audit } from './register';
import { contentHash } from './form-hash';
import type { Ctx } from './context';

/**
 * A form version signed by the head of the filler's organisation: asked for by mail with a
 * personal link, signed or refused (with a reason) on exactly the content shown, whose SHA-256
 * the signature keeps. An edit after the request voids it: the hash no longer matches.
 */

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const formNotFound = (id: string) => new UserError(404, 'sign.formNotFound', { id });

export async function formOf(db: Db, formId: string) {
  const found = await formWithStep(db, formId);
  if (!found) throw formNotFound(formId);
  const { step } = found;
  if (step?.kind !== 'form') throw formNotFound(formId);
  return { ...found, step };
}

/**
 * The seat that signs a form: the one in the step's `signedBy` body belonging to the filler's
 * organisation (with one of the mandates, when the step names them).
 */
export async function signerSeatForForm(db: Db, formId: string) {
  const { form, step, fillerOrganisationId } = await formOf(db, formId);
  if (!step.signedBy) throw new UserError(409, 'sign.notSigned');
  const [seat] = await seatsOfOrganisationIn(db, step.signedBy.body, form.organisationId ?? fillerOrganisationId, step.signedBy.mandates);
  if (!seat) throw new UserError(409, 'sign.noSigner', { body: step.signedBy.body });
  return seat;
}

/** The filler's seat, a co-owner of its task, or the coordinator. */
export async function mayFill(db: Db, actor: Actor, form: { seatId: string; taskId: string | null }) {
  if (actor.kind === 'coordinator' || actor.seatId === form.seatId) return;
  const task = form.taskId ? await findTask(db, form.taskId) : undefined;
  if (!actor.seatId || !task?.coSeatIds.includes(actor.seatId)) throw new UserError(403, 'sign.notFiller');
}

/** Who sends a form for signature from its page: the reader's seat that fills it, else the coordinator. */
export async function fillerActor(ctx: Ctx, user: User | null, formId: string, origin: Pick<Actor, 'door' | 'ip'>): Promise<Actor> {
  const { form } = await formOf(ctx.db, formId);
  const task = form.taskId ? await findTask(ctx.db, form.taskId) : undefined;
  const fills = [form.seatId, ...(task?.coSeatIds ?? [])];
  const seat = user?.seats.find((s) => s.seatId === form.seatId) ?? user?.seats.find((s) => fills.includes(s.seatId));
  if (seat) return { kind: 'seat', seatId: seat.seatId, holderId: seat.holderId, ...origin };
  const office = user?.seats.find((s) => s.coordinator);
  if (office) return { kind: 'coordinator', seatId: office.seatId, holderId: office.holderId, ...origin };
  throw formNotFound(formId);
}

/**
 * Sends a filled-in form to its signer: it must pass the submission's checks; its content's hash
 * is kept, and the signer seat's holder today gets a personal link by mail. Asking again sends a
 * fresh link and the earlier one stops working.
 */
export async function requestFormSignature(ctx: Ctx, actor: Actor, formId: string) {
  const { db, config, locale } = ctx;
  const { form, step } = await formOf(db, formId);
  await mayFill(db, actor, form);
  if (form.state !== 'draft' && form.state !== 'awaiting_signature') throw new UserError(409, 'sign.notDraft');
  const { problems } = validateForm(step.fields, form.values, { locale, mode: 'submit', t });
  if (problems.length) throw new UserError(400, 'sign.problems', { problems: problems.map((p) => p.message).join('; ') }, { problems });
  const signer = await signerSeatForForm(db, formId);
  const now = ctx.now();
  const holder = await holderOn(db, signer.id, stockholmDate(now));
  if (!holder) throw new UserError(409, 'sign.vacantSigner');
  const contentSha256 = contentHash(step.fields, form.values);
  const key = `sign-request:${form.id}:${now.getTime()}`;
  await db.transaction(async (tx) => {
    await setFormState(tx, form.id, 'awaiting_signature', contentSha256);
    await mailSigningLink(ctx, tx, { form, step }, { seatId: signer.id, key, at: now });
  });
  await audit(ctx, actor, 'form.signatureRequested', { kind: 'form', id: form.id }, { signerSeatId: signer.id, contentSha256 });
  await sendLater(ctx.temporal, config.taskQueue, key);
  return { formId: form.id, state: 'awaiting_signature' as const, contentSha256, signerSeatId: signer.id };
}

/**
 * Writes the signer seat's mail with a fresh personal link to sign the form version; every earlier
 * unused link of that seat to it stops working, so only the newest one signs.
 */
export async function mailSigningLink(
  ctx: Ctx,
  tx: Db,
  { form, step }: { form: { id: string; taskId: string | null }; step: { title: string } },
  mail: { seatId: string; key: string; at: Date },
) {
  const task = form.taskId ? await findTask(tx, form.taskId) : undefined;
  await supersedeLinksTo(tx, form.id, mail.seatId);
  await writeNotice(tx, ctx.config.publicUrl, {
    key: mail.key,
    kind: 'signature_request',
    seatIds: [mail.seatId],
    at: mail.at.toISOString(),
    target: { kind: 'form', id: form.id },
    title: step.title,
    dueAt: task?.dueAt.toISOString(),
  });
}

export interface SignInput {
  outcome: 'signed' | 'refused';
  reason?: string;
  /** The hash the signer was shown: a content changed since then is not signed. */
  contentSha256?: string;
}

const reasonOf = (input: SignInput) => {
  const reason = input.reason?.trim() ?? '';
  if (input.outcome === 'refused' && !reason) throw new UserError(400, 'sign.reasonRequired');
  return input.outcome === 'refused' ? reason : null;
};

/**
 * The signer seat signs the form, or refuses with a reason: a signature makes it `signed`, a
 * refusal puts it back to `draft` and tells the filler why, by mail.
 */
export async function signForm(ctx: Ctx, actor: Actor, formId: string, input: SignInput) {
  const { db, config } = ctx;
  const { form, step } = await formOf(db, formId);
  const signer = await signerSeatForForm(db, formId);
  if (actor.seatId !== signer.id || actor.kind === 'system') throw new UserError(403, 'sign.notSigner');
  if (form.state !== 'awaiting_signature') throw new UserError(409, 'sign.notAwaiting');
  const shown = form.contentSha256 ?? '';
  if (contentHash(step.fields, form.values) !== shown || (input.contentSha256 && input.contentSha256 !== shown))
    throw new UserError(409, 'sign.changed');
  const reason = reasonOf(input);
  const now = ctx.now();
  const key = `sign-refused:${form.id}:${now.getTime()}`;
  const recorded = await db.transaction(async (tx) => {
    if (!(await moveFormState(tx, form.id, 'awaiting_signature', reason === null ? 'signed' : 'draft', shown))) return undefined;
    const row = await recordSignature(tx, {
      formId: form.id,
      seatId: signer.id,
      holderId: actor.holderId ?? null,
      outcome: input.outcome,
      reason,
      contentSha256: shown,
      door: actor.door ?? 'page',
      at: now,
    });
    if (reason !== null)
      await writeNotice(tx, config.publicUrl, {
        key,
        kind: 'signature_refused',
        seatIds: [form.seatId],
        at: now.toISOString(),
        target: { kind: 'form', id: form.id },
        path: `/forms/${form.id}`,
        title: step.title,
        detail: { reason },
      });
    return row;
  });
  if (!recorded) throw new UserError(409, 'sign.changed');
  await audit(ctx, actor, `form.${input.outcome}`, { kind: 'form', id: form.id }, { contentSha256: shown, ...(reason && { reason }) });
  if (reason !== null) await sendLater(ctx.temporal, config.taskQueue, key);
  return { formId: form.id, state: reason === null ? ('signed' as const) : ('draft' as const), signature: recorded };
}

/** What the signer reads: every field and value, the hash, and whether it still awaits them. */
export async function formSignView(ctx: Ctx, formId: string) {
  const { form, step, year } = await formOf(ctx.db, formId);
  const sha = contentHash(step.fields, form.values);
  return {
    formId: form.id,
    title: step.title,
    year,
    version: form.version,
    state: form.state,
    awaiting: form.state === 'awaiting_signature' && sha === form.contentSha256,
    contentSha256: form.contentSha256 ?? sha,
    fields: shownFields(ctx.locale, step.fields, form.values),
    signatures: await signaturesOf(ctx.db, { formId: form.id }),
  };
}
export type FormSignView = Awaited<ReturnType<typeof formSignView>>;

/** The signed-in signer's page: only the signer seat's holder (or the coordinator, reading) sees it. */
export async function formSignPage(ctx: Ctx, user: User | null, formId: string) {
  const signer = await signerSeatForForm(ctx.db, formId);
  const seat = user?.seats.find((s) => s.seatId === signer.id);
  if (!seat && user?.role !== 'coordinator') throw formNotFound(formId);
  return { view: await formSignView(ctx, formId), signer: seat ? { kind: 'seat' as const, seatId: seat.seatId } : undefined };
}
