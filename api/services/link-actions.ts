import { z } from 'zod';
import { stockholmDate } from '../../core/time';
import { holderOn } from '../../db/queries/directory';
import { linkTarget, spendLink, supersedeLink } from '../../db/queries/link-tokens';
import { writeNotice } from '../../activities/notices';
import { t, type Locale, type MessageKey } from '../../i18n';
import { checkLocation, setLocation } from './meetings';
import { UserError } from '../plugins/errors';
import { sendLater } from '../mail';
import { listVote, listVoteFields, noteField, taskChoiceFields, taskChoices } from '../list-vote';
import { addTaskPart, completeTask } from './tasks';
import { followUpFromForm } from './follow-ups';
import { voteOnDecision } from './decisions';
import { confirmReceipt } from './report-receipt';
import { isSignLink, renewSignLink, signThroughLink } from './signature-links';
import {
  auditLink,
  inspectLink,
  linkActor,
  meetingLinkView,
  type Link,
  type LinkState,
  type OpenLink,
  type RefusedLink,
  type SignedInAs,
  type Visit,
} from './links';
import type { Ctx } from './context';

/** What a link's form may send: a report, a part, a room, or a vote with its list. */
export const linkForm = z
  .object({
    _csrf: z.string().max(200).optional(),
    /** Ticked by someone signed in who uses another person's link: they act for its holder. */
    onBehalf: z.literal('yes').optional(),
    report: z.string().max(20_000).optional(),
    /** A report task's completion: the compiled version it puts forward. */
    version: z.coerce.number().int().min(1).max(100_000).optional(),
    text: z.string().max(20_000).optional(),
    location: z.string().max(2_000).optional(),
    choice: z.string().max(20).optional(),
    comment: z.string().max(5_000).optional(),
    status: z.string().max(40).optional(),
    links: z.string().max(20_000).optional(),
    /** A signing link's answer: sign, or refuse with a reason; with the hash of what was shown. */
    outcome: z.enum(['signed', 'refused']).optional(),
    reason: z.string().max(2_000).optional(),
    contentSha256: z.string().max(64).optional(),
    ...taskChoiceFields,
    ...listVoteFields,
  })
  .catchall(noteField);
export type LinkForm = z.infer<typeof linkForm>;

/** What a link page shows after a POST; the route picks the view for each. */
export type LinkOutcome =
  | { kind: 'form'; status: number; error: string }
  | { kind: 'room'; status: number; error: string; view: Awaited<ReturnType<typeof meetingLinkView>> }
  | { kind: 'refused'; state: RefusedLink }
  | { kind: 'notice'; status: number; key: MessageKey; args: Record<string, string> }
  | { kind: 'done'; title: string; message: string }
  | { kind: 'saved'; done: 'part' | 'located' }
  | { kind: 'signedIn'; email: string };

const inBoth = (say: (l: Locale) => string): Record<Locale, string> => ({ sv: say('sv'), en: say('en') });
const refusal = (err: unknown) => {
  if (!(err instanceof UserError) || err.statusCode >= 500) throw err;
  return err;
};

/**
 * A link's POST: the host enters the room, a co-owner saves their part, a holder signs in, or the
 * task is completed or the vote cast. Only the last two spend the link, and only when they succeed.
 */
export async function actOnLink(ctx: Ctx, visit: Visit, token: string, state: OpenLink, body: LinkForm): Promise<LinkOutcome> {
  if (visit.other && body.onBehalf !== 'yes') return unconfirmed(ctx, visit, state, visit.other);
  if (state.meeting) return enterRoom(ctx, visit, state, body);
  if (state.task && state.link.action === 'part') return savePart(ctx, visit, state, body);
  if (state.link.action === 'signin') return signIn(ctx, visit, state);
  if (state.link.action === 'receipt') return confirmReceipt(ctx, visit, token, state);
  if (isSignLink(state)) return signThroughLink(ctx, visit, token, state, body);
  const l = ctx.locale;
  const again = (status: number, key: MessageKey): LinkOutcome => ({ kind: 'form', status, error: t(l, key) });
  const actor = linkActor(state, visit);
  let message: Record<Locale, string>;
  try {
    if (state.task) {
      const report = body.report?.trim() ?? '';
      if (!report && body.version === undefined) return again(400, 'task.emptyReport');
      // A measure task's completion is its follow-up, as on the task page.
      const measure = Boolean(state.task.measureId);
      if (measure && !body.status)
        return { kind: 'form', status: 400, error: t(l, 'dash.fieldRequired', { field: t(l, 'dash.field.status') }) };
      const followUp = measure ? followUpFromForm(ctx, body) : undefined;
      await completeTask(ctx, actor, state.task.id, { report, version: body.version, choices: taskChoices(body), followUp });
      message = inBoth((lang) => t(lang, 'link.done.task'));
    } else {
      const choice = z.enum(['approve', 'reject', 'changes']).safeParse(body.choice);
      if (!choice.success) return again(400, 'link.vote.missing');
      const comment = body.comment?.trim() || undefined;
      if (choice.data === 'changes' && !comment) return again(400, 'decision.commentRequired');
      const vote = { choice: choice.data, comment, ...listVote(body, choice.data, state.decision!.candidateMeasureIds ?? []) };
      const result = await voteOnDecision(ctx, actor, state.decision!.id, vote);
      message = inBoth((lang) =>
        result.status === 'closed' && result.outcome
          ? t(lang, 'link.done.voteClosed', { outcome: t(lang, `outcome.${result.outcome}` as MessageKey) })
          : t(lang, 'link.done.vote', { choice: t(lang, `choice.${choice.data}` as MessageKey) }),
      );
    }
  } catch (err) {
    const refused = refusal(err);
    await auditLink(ctx, visit, 'link.refused', state.link, { failure: refused.key });
    if (refused.key === 'task.notOpen' || refused.key === 'decision.closed') {
      // Closed between the page and the click: say so from the records once they show it.
      const now = await inspectLink(ctx, token);
      return {
        kind: 'refused',
        state: now.kind === 'open' ? { kind: 'closed', link: now.link, task: now.task, decision: now.decision } : now,
      };
    }
    // The task moved to another seat, or the link names a co-owner: the page says who acts.
    return { kind: 'form', status: refused.statusCode, error: t(l, refused.key, refused.params) };
  }
  await spendLink(ctx.db, state.link.id, { message });
  await auditLink(ctx, visit, 'link.used', state.link, { action: state.link.action });
  return { kind: 'done', title: t(l, state.task ? 'link.report.submit' : 'link.vote.submit'), message: message[l] };
}

/**
 * A co-owner writes their part of a shared task through their link. The link stays usable, as a
 * meeting link does: a part may be replaced while the task is open, and the lead owner submits.
 */
async function savePart(ctx: Ctx, visit: Visit, state: OpenLink, body: LinkForm): Promise<LinkOutcome> {
  const l = ctx.locale;
  const text = body.text?.trim() ?? '';
  if (!text) return { kind: 'form', status: 400, error: t(l, 'task.emptyPart') };
  try {
    await addTaskPart(ctx, linkActor(state, visit), state.task!.id, text);
  } catch (err) {
    const refused = refusal(err);
    await auditLink(ctx, visit, 'link.refused', state.link, { reason: refused.key });
    if (refused.key === 'task.notOpen') {
      // Closed between the page and the click: the refusal names how, even before the records show it.
      const status = String(refused.extra.status ?? 'done') as NonNullable<OpenLink['task']>['status'];
      return { kind: 'refused', state: { kind: 'closed', link: state.link, task: { ...state.task!, status } } };
    }
    return { kind: 'form', status: refused.statusCode, error: t(l, refused.key, refused.params) };
  }
  await auditLink(ctx, visit, 'link.used', state.link, { action: 'task.part' });
  return { kind: 'saved', done: 'part' };
}

/**
 * The host enters the room through their meeting link, as on the meeting page. The link stays
 * usable: it is the member's way to the meeting until it expires, and a room may need correcting.
 */
async function enterRoom(ctx: Ctx, visit: Visit, state: OpenLink, body: LinkForm): Promise<LinkOutcome> {
  const l = ctx.locale;
  const view = await meetingLinkView(ctx, state);
  const again = (status: number, error: string): LinkOutcome => ({ kind: 'room', status, error, view });
  if (!view.hosts) {
    await auditLink(ctx, visit, 'link.refused', state.link, { reason: 'notHost' });
    return again(403, t(l, 'meetings.refused.hostOrCoordinator'));
  }
  const checked = checkLocation(l, body.location);
  if (!checked.ok) return again(400, checked.message);
  try {
    await setLocation({ ...ctx, locale: l }, linkActor(state, visit), view.series.body.slug, view.meeting.id, {
      location: checked.location,
    });
  } catch (err) {
    const refused = refusal(err);
    await auditLink(ctx, visit, 'link.refused', state.link, { reason: refused.key });
    return again(refused.statusCode, t(l, refused.key, refused.params));
  }
  await auditLink(ctx, visit, 'link.used', state.link, { action: 'meeting.location' });
  return { kind: 'saved', done: 'located' };
}

/**
 * Someone else signed in posted without confirming that they act for the link's holder: nothing
 * happens, and the same page asks again with the reason.
 */
async function unconfirmed(ctx: Ctx, visit: Visit, state: OpenLink, other: SignedInAs): Promise<LinkOutcome> {
  await auditLink(ctx, visit, 'link.refused', state.link, { reason: 'notConfirmed' });
  const error = t(ctx.locale, 'link.other.required', { holder: other.holder, name: other.name });
  return state.meeting
    ? { kind: 'room', status: 409, error, view: await meetingLinkView(ctx, state) }
    : { kind: 'form', status: 409, error };
}

/** A sign-in link is spent once; the route then starts the session. */
async function signIn(ctx: Ctx, visit: Visit, state: OpenLink): Promise<LinkOutcome> {
  const spent = await spendLink(ctx.db, state.link.id, { message: inBoth((lang) => t(lang, 'signin.done')) });
  if (!spent) return { kind: 'notice', status: 200, key: 'link.used', args: { at: '', result: t(ctx.locale, 'signin.done') } };
  await auditLink(ctx, visit, 'signin', state.link);
  return { kind: 'signedIn', email: state.holder.email };
}

/**
 * An expired or superseded link asks for a fresh one: the seat's holder today gets it by mail,
 * written to the outbox and delivered by the worker.
 */
export async function renewLink(ctx: Ctx, visit: Visit, state: LinkState, link: Link): Promise<LinkOutcome | undefined> {
  const { db, config, locale: l } = ctx;
  if (state.kind !== 'expired' && state.kind !== 'superseded') return undefined;
  if (link.action === 'sign') return renewSignLink(ctx, visit, state, link);
  if (link.targetKind !== 'task' && link.targetKind !== 'decision')
    return { kind: 'notice', status: 410, key: 'link.notRenewable', args: {} };
  const holder = await holderOn(db, link.seatId!, stockholmDate(new Date()));
  if (!holder) return { kind: 'notice', status: 409, key: 'link.superseded', args: {} };
  const target = await linkTarget(db, link.targetKind, link.targetId);
  if (!target) return { kind: 'notice', status: 404, key: 'link.invalid', args: {} };
  // One fresh link per old link and five minutes: a double click sends one mail.
  const key = `link-renew:${link.id}:${Math.floor(Date.now() / 300_000)}`;
  await writeNotice(db, config.publicUrl, {
    key,
    kind: 'link_renewed',
    seatIds: [link.seatId!],
    at: new Date().toISOString(),
    target: { kind: link.targetKind as 'task' | 'decision', id: link.targetId, workflowId: target.workflowId },
    title: target.title,
    dueAt: target.dueAt.toISOString(),
  });
  await supersedeLink(db, link.id);
  await auditLink(ctx, visit, 'link.renewed', link, { to: holder.id });
  try {
    await sendLater(ctx.temporal, config.taskQueue, key);
  } catch {
    return { kind: 'notice', status: 503, key: 'link.renewFailed', args: {} };
  }
  return { kind: 'done', title: t(l, 'link.renewed.title'), message: t(l, 'link.renewed', { name: holder.name }) };
}
