import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import { tally } from '../../core/decision-rules';
import type { Decision, Holder, Task } from '../../db/schema';
import { holderOn } from '../../db/queries/directory';
import { countLinkProbe, findLink, type Link } from '../../db/queries/link-tokens';
import { findTask } from '../../db/queries/tasks';
import { findDecision, votesOn } from '../../db/queries/decisions';
import { roundReasonOf } from '../../db/queries/rounds';
import { decisionWork, taskWork } from '../../db/queries/shown-work';
import { appendAudit } from '../../activities/audit';
import type { Locale } from '../../i18n';
import type { Meeting, Series } from '../meeting-schemas';
import { hostSeats, meetingById } from './meetings';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import { networkOf } from '../actor';
import type { DecisionView, PartView, RefusedLink, SignedInAs, SigninView, TaskView } from '../views/link-pages';
import { submittableVersions } from './report-handoff';
import { renewableSignLink } from './signature-renewal';
import type { Ctx } from './context';

export type { Link, RefusedLink, SignedInAs };
type ShownMeeting = { series: Series; meeting: Meeting };
/** Where a link stands: only an open link shows its action; every other state has its own page. */
export type LinkState =
  RefusedLink | { kind: 'open'; link: Link; task?: Task; decision?: Decision; meeting?: ShownMeeting; holder: Holder };
export type OpenLink = Extract<LinkState, { kind: 'open' }>;

/** Where a request came from, as far as the audit log keeps it. */
export interface Visit {
  ip: string;
  userAgent: string | undefined;
  /** Someone signed in on the browser that opened the link who is not its holder. */
  other?: SignedInAs;
}

/** Mail scanners and link previews open every link; they are told apart in the audit log. */
const SCANNER = /bot|crawl|spider|preview|scan|safelinks|proofpoint|mimecast|barracuda|slurp|curl|wget|python|headless/i;
export const userAgentClass = (ua: string | undefined) =>
  !ua ? 'none' : SCANNER.test(ua) ? 'scanner' : /mozilla/i.test(ua) ? 'browser' : 'other';

/**
 * The person signed in on this browser when they are not the link's holder: a forwarded mail or a
 * shared mailbox. They act only after confirming that they act for the holder, and the audit names both.
 */
export function otherPerson(state: LinkState, user: User | null): SignedInAs | undefined {
  if (state.kind !== 'open' || !user || user.email.toLowerCase() === state.holder.email.toLowerCase()) return undefined;
  return { email: user.email, name: user.name, holder: state.holder.name, seatTitle: state.link.seatTitle ?? '' };
}

/** Whoever holds the link's seat today acts, through the link; someone else signed in is named beside. */
export const linkActor = (state: OpenLink, visit: Visit): Actor => ({
  kind: 'seat',
  seatId: state.link.seatId!,
  holderId: state.holder.id,
  ...linkOrigin(visit),
});

/** The door, the network and anyone else signed in, as every audit row of a link's visit keeps them. */
const linkOrigin = (visit: Visit) => ({
  viaLink: true,
  door: 'link' as const,
  ip: networkOf(visit.ip),
  ...(visit.other && { signedInAs: { email: visit.other.email, name: visit.other.name } }),
});

/**
 * Records what a visit did with a link. A token that matches no link is only counted, per day and
 * address: a probe of thousands of guesses is one row, and the audit keeps to real links.
 */
export async function auditLink(ctx: Ctx, visit: Visit, action: string, link: Link | undefined, detail: Record<string, unknown> = {}) {
  if (!link) return countLinkProbe(ctx.db, networkOf(visit.ip), new Date());
  await appendAudit(
    ctx.db,
    {
      action,
      actor: { kind: 'seat', seatId: link.seatId ?? undefined, holderId: link.holderId ?? undefined, ...linkOrigin(visit) },
      at: new Date().toISOString(),
      detail,
      userAgentClass: userAgentClass(visit.userAgent),
    },
    { kind: link?.targetKind ?? 'link', id: link?.targetId ?? 'unknown' },
  );
}

/** The meeting a link names; none when it is gone from the records. */
const shownMeeting = (ctx: Ctx, id: string) =>
  meetingById(ctx, id).catch((err: unknown) => {
    if (err instanceof UserError && err.statusCode === 404) return undefined;
    throw err;
  });

export async function inspectLink(ctx: Ctx, token: string): Promise<LinkState> {
  const link = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findLink(ctx.db, token) : undefined;
  if (!link || !link.seatId) return { kind: 'invalid' };
  if (link.usedAt) return { kind: 'used', link };
  // An expired signing link may ask for a fresh one only while its form awaits that very signature.
  if (link.expiresAt.getTime() < Date.now())
    return { kind: 'expired', link, ...(link.action === 'sign' && { renewable: await renewableSignLink(ctx, link) }) };
  const [holder, task, decision] = await Promise.all([
    // The holder on the app's day, the one the mail was addressed by: a simulation's clock runs ahead of the wall clock.
    holderOn(ctx.db, link.seatId, stockholmDate(ctx.now())),
    link.targetKind === 'task' ? findTask(ctx.db, link.targetId) : undefined,
    link.targetKind === 'decision' ? findDecision(ctx.db, link.targetId) : undefined,
  ]);
  if (link.supersededAt || !holder || holder.id !== link.holderId) return { kind: 'superseded', link };
  // A receipt link names a frozen report version: it shows until it is used, whatever the cycle does meanwhile.
  // A form's signing link likewise: the signing page itself says when the form no longer awaits the signature.
  if (link.targetKind === 'person' || link.targetKind === 'report_version' || link.targetKind === 'form')
    return { kind: 'open', link, holder };
  // A meeting link is never spent or closed: held and cancelled meetings still show.
  if (link.targetKind === 'meeting') {
    const meeting = await shownMeeting(ctx, link.targetId);
    return meeting ? { kind: 'open', link, meeting, holder } : { kind: 'invalid' };
  }
  if (task) return task.status === 'open' ? { kind: 'open', link, task, holder } : { kind: 'closed', link, task };
  if (decision) return decision.status === 'open' ? { kind: 'open', link, decision, holder } : { kind: 'closed', link, decision };
  return { kind: 'invalid' };
}

/** What an open task, part, vote or sign-in link shows, in the reader's language. */
export async function linkView(ctx: Ctx, state: OpenLink, saved = false): Promise<TaskView | PartView | DecisionView | SigninView> {
  const { db, locale: l } = ctx;
  if (state.link.action === 'signin') return { kind: 'signin', name: state.holder.name };
  const seatTitle = state.link.seatTitle ?? '';
  if (state.task) {
    const task = state.task;
    const [reason, work] = await Promise.all([roundReasonOf(db, task), taskWork(db, task, l)]);
    const { shows, previous, measure } = work;
    const about = {
      title: task.title,
      instructions: task.instructions,
      dueAt: task.dueAt,
      seatTitle,
      round: task.round,
      reason,
      shows,
      previous,
      measure,
    };
    if (state.link.action !== 'part')
      return { kind: 'task', ...about, proposable: work.proposable, versions: await submittableVersions(ctx, task) };
    const seatId = state.link.seatId!;
    const mine = work.owners.find((o) => o.seatId === seatId);
    return {
      kind: 'part',
      ...about,
      lead: work.owners.find((o) => o.seatId === task.seatId)?.organisationName ?? '',
      mine: {
        seatId,
        organisationName: mine?.organisationName ?? seatTitle,
        text: work.parts.find((p) => p.seatId === seatId)?.text ?? '',
      },
      others: { owners: work.owners.filter((o) => o.seatId !== seatId), parts: work.parts },
      saved,
    };
  }
  const d = state.decision!;
  const [votes, reason, work] = await Promise.all([votesOn(db, d.id), roundReasonOf(db, d), decisionWork(db, d.id, l)]);
  const counted = tally(
    d.voterSeatIds.length,
    votes.map((v) => v.choice),
  );
  const mine = votes.find((v) => v.seatId === state.link.seatId);
  return {
    kind: 'decision',
    title: d.title,
    question: d.question,
    dueAt: d.dueAt,
    seatTitle,
    round: d.round,
    reason,
    tally: d.showTally ? counted : undefined,
    myVote: mine && {
      choice: mine.choice,
      comment: mine.comment,
      approvedMeasureIds: mine.approvedMeasureIds,
      itemComments: mine.itemComments,
    },
    shows: work?.shows ?? [],
    previous: work?.previous ?? null,
    candidates: work?.candidates ?? null,
  };
}

/** A meeting link's page: the meeting, and whether the link's seat hosts it. */
export async function meetingLinkView(ctx: Ctx, state: OpenLink) {
  const { series, meeting } = state.meeting!;
  const hosts = (await hostSeats(ctx, series, meeting, [state.link.seatId!])).length > 0;
  return { series, meeting, seatTitle: state.link.seatTitle ?? '', until: state.link.expiresAt, hosts };
}

/** The locale a link page speaks: the one asked for, else its holder's, else the reader's. */
export const linkLocale = (asked: Locale | undefined, state: LinkState, fallback: Locale): Locale =>
  asked ?? (state.kind === 'invalid' ? undefined : state.link.locale) ?? fallback;
