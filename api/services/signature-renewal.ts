import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import { holderOn } from '../../db/queries/directory';
import type { Link } from '../../db/queries/link-tokens';
import { lastSigningMailAt, lockForm } from '../../db/queries/signatures';
import { UserError } from '../plugins/errors';
import { sendLater } from '../mail';
import { audit } from './register';
import { contentHash } from './form-hash';
import { formOf, mailSigningLink, mayFill, signerSeatForForm } from './signatures';
import type { Ctx } from './context';

/**
 * A form awaiting its signature whose link went astray or ran out: the filler (or the coordinator)
 * sends the signer a fresh link, and the signer renews an expired one. Either way the content and
 * the state stay as they are; only the newest link signs.
 */

/** A signer mailed twice within this time is mailed once: the second click is refused, not sent. */
export const RESEND_GAP_MS = 60_000;

/**
 * Mails the signer seat's holder today a fresh link to the form awaiting their signature; the
 * earlier unused link stops working. Refused when the form does not await a signature, or when
 * the signer was mailed less than a minute ago.
 */
export async function resendSignatureRequest(ctx: Ctx, actor: Actor, formId: string) {
  const { db, config } = ctx;
  const { form, step } = await formOf(db, formId);
  await mayFill(db, actor, form);
  const contentSha256 = form.contentSha256;
  if (form.state !== 'awaiting_signature' || !contentSha256) throw new UserError(409, 'sign.resend.notAwaiting');
  const signer = await signerSeatForForm(db, formId);
  const now = ctx.now();
  if (!(await holderOn(db, signer.id, stockholmDate(now)))) throw new UserError(409, 'sign.vacantSigner');
  const key = `sign-resend:${form.id}:${now.getTime()}`;
  await db.transaction(async (tx) => {
    await lockForm(tx, form.id);
    const last = await lastSigningMailAt(tx, form.id);
    if (last && now.getTime() - last.getTime() < RESEND_GAP_MS) throw new UserError(429, 'sign.resend.tooSoon');
    await mailSigningLink(ctx, tx, { form, step }, { seatId: signer.id, key, at: now });
  });
  await audit(ctx, actor, 'form.signatureResent', { kind: 'form', id: form.id }, { signerSeatId: signer.id, contentSha256 });
  await sendLater(ctx.temporal, config.taskQueue, key);
  return { formId: form.id, state: 'awaiting_signature' as const, contentSha256, signerSeatId: signer.id };
}

/** A form or signer that is not there: the link names nothing to renew. */
const absent = (err: unknown) => {
  if (err instanceof UserError && err.statusCode < 500) return undefined;
  throw err;
};

/**
 * Whether an expired signing link may ask for a fresh one: it is the current, unused link of the
 * form's signer seat, held by the same person today, and the form still awaits that signature on
 * the same content. Any other link (used, retired by a newer one, of a former holder or another
 * seat, or of a form since edited, signed or submitted) gets no new link.
 */
export async function renewableSignLink(ctx: Ctx, link: Link): Promise<boolean> {
  if (link.action !== 'sign' || link.targetKind !== 'form' || link.usedAt || link.supersededAt || !link.seatId) return false;
  const found = await formOf(ctx.db, link.targetId).catch(absent);
  if (!found) return false;
  const { form, step } = found;
  if (form.state !== 'awaiting_signature' || !form.contentSha256 || contentHash(step.fields, form.values) !== form.contentSha256)
    return false;
  const signer = await signerSeatForForm(ctx.db, form.id).catch(absent);
  if (signer?.id !== link.seatId) return false;
  const holder = await holderOn(ctx.db, link.seatId, stockholmDate(ctx.now()));
  return holder !== undefined && holder.id === link.holderId;
}
