import { stockholmDate } from '../../core/time';
import { holderOn } from '../../db/queries/directory';
import { retireLink, spendLink, type Link } from '../../db/queries/link-tokens';
import { t, type Locale } from '../../i18n';
import { UserError } from '../plugins/errors';
import { auditLink, inspectLink, linkActor, type LinkState, type OpenLink, type Visit } from './links';
import type { LinkForm, LinkOutcome } from './link-actions';
import type { Actor } from '../../core/actor';
import type { User } from '../plugins/session';
import { formOf, formSignPage, formSignView, mailSigningLink, signForm, type FormSignView, type SignInput } from './signatures';
import { renewableSignLink } from './signature-renewal';
import { sendLater } from '../mail';
import { signatureTaskPage, signatureTaskView, signTask, type SignatureTaskView } from './signature-steps';
import type { Ctx } from './context';

/**
 * The signing link: the head of an organisation signs a form version (a `sign` link), or a seat
 * signs a signature step's text (its task's link). Either is spent only once it has recorded.
 */

export const isSignLink = (state: OpenLink) => state.link.action === 'sign' || state.task?.kind === 'signature';

export type SignLinkView = { kind: 'form'; form: FormSignView } | { kind: 'task'; task: SignatureTaskView };

export async function signLinkView(ctx: Ctx, state: OpenLink): Promise<SignLinkView> {
  return state.task
    ? { kind: 'task', task: await signatureTaskView(ctx, state.task) }
    : { kind: 'form', form: await formSignView(ctx, state.link.targetId) };
}

const inBoth = (say: (l: Locale) => string): Record<Locale, string> => ({ sv: say('sv'), en: say('en') });

export async function signThroughLink(ctx: Ctx, visit: Visit, token: string, state: OpenLink, body: LinkForm): Promise<LinkOutcome> {
  const l = ctx.locale;
  if (body.outcome !== 'signed' && body.outcome !== 'refused') return { kind: 'form', status: 400, error: t(l, 'sign.outcomeMissing') };
  const input: SignInput = { outcome: body.outcome, reason: body.reason, contentSha256: body.contentSha256 };
  const actor = linkActor(state, visit);
  try {
    if (state.task) await signTask(ctx, actor, state.task.id, input);
    else await signForm(ctx, actor, state.link.targetId, input);
  } catch (err) {
    if (!(err instanceof UserError) || err.statusCode >= 500) throw err;
    await auditLink(ctx, visit, 'link.refused', state.link, { failure: err.key });
    if (err.key === 'task.notOpen') {
      const now = await inspectLink(ctx, token);
      return { kind: 'refused', state: now.kind === 'open' ? { kind: 'closed', link: now.link, task: now.task } : now };
    }
    return { kind: 'form', status: err.statusCode, error: t(l, err.key, err.params) };
  }
  const key = body.outcome === 'signed' ? 'sign.done.signed' : 'sign.done.refused';
  const message = inBoth((lang) => t(lang, key));
  // A refused signature step stays open for the seat to sign later: its link is not spent.
  if (!(state.task && body.outcome === 'refused')) await spendLink(ctx.db, state.link.id, { message });
  await auditLink(ctx, visit, 'link.used', state.link, { action: `sign.${body.outcome}` });
  return { kind: 'done', title: t(l, 'sign.done.title'), message: message[l] };
}

/** A signed-in signing page: a form's (`forms`) or a signature task's (`tasks`), and the reader's seat that signs, if any. */
export async function signPage(ctx: Ctx, user: User | null, of: 'forms' | 'tasks', id: string) {
  if (of === 'tasks') {
    const { view, seat } = await signatureTaskPage(ctx, user, id);
    return { view: { kind: 'task', task: view } as SignLinkView, seat };
  }
  const { view, signer } = await formSignPage(ctx, user, id);
  return { view: { kind: 'form', form: view } as SignLinkView, seat: signer?.seatId };
}

export const signOn = (ctx: Ctx, actor: Actor, of: 'forms' | 'tasks', id: string, input: SignInput) =>
  of === 'tasks' ? signTask(ctx, actor, id, input) : signForm(ctx, actor, id, input);

/**
 * The signer asks for a fresh link in place of an expired one: it goes to the work address of the
 * same seat's holder, never to one typed in, and the form and its content stay as they are.
 */
export async function renewSignLink(ctx: Ctx, visit: Visit, state: LinkState, link: Link): Promise<LinkOutcome> {
  const { db, locale: l } = ctx;
  const refused = async () => {
    await auditLink(ctx, visit, 'link.refused', link, { reason: 'notRenewable' });
    return { kind: 'notice', status: 410, key: 'sign.link.notRenewable', args: {} } as const;
  };
  if (state.kind !== 'expired' || !(await renewableSignLink(ctx, link))) return refused();
  const now = ctx.now();
  const holder = (await holderOn(db, link.seatId!, stockholmDate(now)))!;
  const { form, step } = await formOf(db, link.targetId);
  const key = `sign-renew:${link.id}`;
  const renewed = await db.transaction(async (tx) => {
    if (!(await retireLink(tx, link.id))) return false;
    await mailSigningLink(ctx, tx, { form, step }, { seatId: link.seatId!, key, at: now });
    return true;
  });
  if (!renewed) return refused();
  await auditLink(ctx, visit, 'link.renewed', link, { to: holder.id, contentSha256: form.contentSha256 });
  try {
    await sendLater(ctx.temporal, ctx.config.taskQueue, key);
  } catch {
    return { kind: 'notice', status: 503, key: 'link.renewFailed', args: {} };
  }
  return { kind: 'done', title: t(l, 'link.renewed.title'), message: t(l, 'sign.link.renewed', { name: holder.name }) };
}
