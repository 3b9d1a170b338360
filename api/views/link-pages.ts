import { html, type SafeHtml } from '../../web/html';
import { t, type Locale, type MessageKey } from '../../i18n';
import { formatDue } from '../../web/format';
import { formatInstant } from '../../core/time';
import { page } from './layout';
import { flash } from './dashboard';
import { type RoundReason } from '../../core/rounds';
import { roundReasonText, roundTitle } from '../../web/rounds';
import { followUpFields } from './follow-up-forms';
import type { ShownOutput, TaskPart } from '../../db/queries/outputs';
import type { PreviousRound } from '../../db/queries/shown-work';
import type { MeasureDetail, MeasureRef } from '../../db/queries/measures';
import { candidateFields, measureChoices, measureSection, partForm, partsList, previousRoundSection, shownSection } from './outputs';
import type { Link } from '../../db/queries/link-tokens';
import type { ReportVersionRef } from '../../db/queries/report-handoff';
import { versionChoice } from './report-handoff';
import type { Decision, Task } from '../../db/schema';

/** A round after the first: its number, and why it ran; the work it shows, and from round 2 what asked for it. */
interface Round {
  round: number;
  reason?: RoundReason;
  shows: ShownOutput[];
  previous: PreviousRound | null;
}

export interface TaskView extends Round {
  kind: 'task';
  title: string;
  instructions: string;
  dueAt: Date;
  seatTitle: string;
  measure: MeasureDetail | null;
  /** A proposing step's measures to choose among. */
  proposable: MeasureRef[];
  /** A report task's compiled versions: it completes by putting one forward. */
  versions: ReportVersionRef[];
}

/** A co-owner's link to a shared task: their part, beside the other owners'; the lead owner submits. */
export interface PartView extends Round {
  kind: 'part';
  title: string;
  instructions: string;
  dueAt: Date;
  seatTitle: string;
  measure: MeasureDetail | null;
  /** The lead owner's organisation. */
  lead: string;
  /** The link's own seat, with its part as it stands. */
  mine: { seatId: string; organisationName: string; text: string };
  /** The task's other owners, the lead first, and their parts. */
  others: { owners: { seatId: string; organisationName: string }[]; parts: TaskPart[] };
  /** The part was just saved. */
  saved: boolean;
}

export interface DecisionView extends Round {
  kind: 'decision';
  title: string;
  question: string;
  dueAt: Date;
  seatTitle: string;
  tally?: { approve: number; reject: number; changes: number; cast: number; voters: number };
  myVote?: { choice: string; comment: string; approvedMeasureIds: string[] | null; itemComments: Record<string, string> };
  /** A decision over a list: the measures put forward. */
  candidates: MeasureRef[] | null;
}

export interface SigninView {
  kind: 'signin';
  name: string;
}

/** A link that shows no action, and why: each state has a page of its own. */
export type RefusedLink =
  | { kind: 'invalid' }
  | { kind: 'used'; link: Link }
  | { kind: 'expired'; link: Link; /** A signing link whose form still awaits the same signature. */ renewable?: boolean }
  | { kind: 'superseded'; link: Link }
  | { kind: 'closed'; link: Link; task?: Task; decision?: Decision };

/** Someone signed in who is not the link's holder: the page names both and asks them to confirm. */
export interface SignedInAs {
  email: string;
  name: string;
  holder: string;
  seatTitle: string;
}

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

/** Whose link this is and who is signed in instead; nothing when the holder or nobody is. */
export function otherNotice(l: Locale, other: SignedInAs | undefined): SafeHtml | '' {
  if (!other) return '';
  const notice = t(l, 'link.other.notice', { holder: other.holder, seat: other.seatTitle, name: other.name, email: other.email });
  return html`<section class="flash warning" aria-labelledby="other-heading"><h2 id="other-heading">${t(l, 'link.other.heading')}</h2>
<p class="wrap-anywhere">${notice}</p></section>`;
}

/** A link form's hidden fields and, for someone else signed in, the box that confirms they act for the holder. */
export const linkFields = (l: Locale, csrf: string, other: SignedInAs | undefined): SafeHtml =>
  html`${hidden('_csrf', csrf)}${
    other
      ? html`<p><input type="checkbox" id="on-behalf" name="onBehalf" value="yes" required>
<label for="on-behalf">${t(l, 'link.other.confirm', { holder: other.holder })}</label></p>`
      : ''
  }`;

export function linkPage(l: Locale, path: string, title: string, body: SafeHtml): string {
  return page({ locale: l, title, body, path });
}

/** What the link will do, and the button that does it; nothing happens until it is pressed. */
export function actionPage(
  l: Locale,
  path: string,
  view: TaskView | PartView | DecisionView | SigninView,
  csrf: string,
  error?: string,
  other?: SignedInAs,
): string {
  const alert = error ? html`<p role="alert" class="error"><strong>${error}</strong></p>` : '';
  const fields = linkFields(l, csrf, other);
  if (view.kind === 'signin') {
    return linkPage(
      l,
      path,
      t(l, 'signin.title'),
      html`<h1>${t(l, 'signin.title')}</h1>
${otherNotice(l, other)}
<p>${t(l, 'signin.as', { name: view.name })}</p>
${alert}
<form method="post" action="${path}">${fields}<p><button type="submit">${t(l, 'notice.button.signin')}</button></p></form>`,
    );
  }
  const due = html`<p>${t(l, 'link.due', { due: formatDue(view.dueAt, l) })}</p>
${view.reason ? html`<p><strong>${roundReasonText(l, view.reason)}</strong></p>` : ''}`;
  const title = roundTitle(l, view.title, view.round);
  const task = (v: TaskView | PartView) => html`<h1>${title}</h1>
<p class="muted">${v.seatTitle}</p>
${otherNotice(l, other)}
${due}
${v.instructions ? html`<p>${v.instructions}</p>` : ''}
${previousRoundSection(l, v.round, v.previous)}
${shownSection(l, v.shows)}
${measureSection(l, v.measure)}`;
  if (view.kind === 'part') {
    return linkPage(
      l,
      path,
      title,
      html`${task(view)}
<section aria-labelledby="parts-heading">
<h2 id="parts-heading">${t(l, 'out.parts')}</h2>
<p>${t(l, 'link.part.intro', { lead: view.lead })}</p>
<h3>${t(l, 'link.part.others')}</h3>
${partsList(l, view.others.owners, view.others.parts)}
${flash(l, view.saved ? 'partSaved' : undefined, undefined)}
${alert}
${partForm(l, { action: path, hidden: fields, owner: view.mine, text: view.mine.text })}
</section>`,
    );
  }
  if (view.kind === 'task' && view.versions.length) {
    return linkPage(
      l,
      path,
      title,
      html`${task(view)}${alert}${versionChoice(l, { action: path, hidden: fields, versions: view.versions })}`,
    );
  }
  if (view.kind === 'task') {
    return linkPage(
      l,
      path,
      title,
      html`${task(view)}
${alert}
<form method="post" action="${path}">
  ${fields}
  <p><label for="report">${t(l, 'link.report.label')}</label><br>
  <textarea id="report" name="report" rows="8" cols="60" required maxlength="20000"></textarea></p>
  ${measureChoices(l, view.proposable)}
  ${view.measure ? followUpFields(l, undefined) : ''}
  <p><button type="submit">${t(l, 'link.report.submit')}</button></p>
</form>`,
    );
  }
  const choices = ['approve', 'reject', 'changes'] as const;
  const checked = (c: string) => (view.myVote?.choice === c ? html` checked` : '');
  return linkPage(
    l,
    path,
    title,
    html`<h1>${title}</h1>
<p class="muted">${view.seatTitle}</p>
${otherNotice(l, other)}
<p><strong>${view.question}</strong></p>
${due}
${previousRoundSection(l, view.round, view.previous)}
${shownSection(l, view.shows)}
${view.tally ? html`<p>${t(l, 'link.tally', { ...view.tally })}</p>` : ''}
${view.myVote ? html`<p>${t(l, 'link.myVote', { choice: t(l, `choice.${view.myVote.choice}` as MessageKey) })}</p>` : ''}
${alert}
<form method="post" action="${path}">
  ${fields}
  <fieldset>
    <legend>${t(l, 'link.vote.legend')}</legend>
    ${choices.map(
      (c) => html`<p><input type="radio" id="choice-${c}" name="choice" value="${c}" required${checked(c)}>
    <label for="choice-${c}">${t(l, `choice.${c}` as MessageKey)}</label></p>`,
    )}
  </fieldset>
  <p><label for="comment">${t(l, 'link.vote.comment')}</label><br>
  <textarea id="comment" name="comment" rows="4" cols="60" maxlength="5000">${view.myVote?.comment ?? ''}</textarea></p>
  ${candidateFields(l, view.candidates, 'link', view.myVote)}
  <p><button type="submit">${t(l, 'link.vote.submit')}</button></p>
</form>`,
  );
}

/** A page that says why nothing happened, and offers what can still be done. */
export function refusalPage(
  l: Locale,
  path: string,
  key: MessageKey,
  args: Record<string, string | number>,
  renew?: { csrf: string },
): string {
  return linkPage(
    l,
    path,
    t(l, `${key}.title` as MessageKey),
    html`<h1>${t(l, `${key}.title` as MessageKey)}</h1>
<p>${t(l, key, args)}</p>
${renew ? renewForm(l, path, renew.csrf) : ''}`,
  );
}

function renewForm(l: Locale, path: string, csrf: string): SafeHtml {
  const button = html`<button type="submit">${t(l, 'link.renew.button')}</button>`;
  return html`<form method="post" action="${path}/renew">${hidden('_csrf', csrf)}<p>${button}</p></form>`;
}

export function donePage(l: Locale, path: string, title: string, message: string): string {
  return linkPage(l, path, title, html`<h1>${title}</h1><p role="status">${message}</p>`);
}

export const closedAtText = (l: Locale, at: Date | string | null) => (at ? formatInstant(new Date(at), l) : '');

/** The page for every state of a link but an open one, with its status; `csrf` lets an expired link ask anew. */
export function refusedLinkPage(l: Locale, path: string, state: RefusedLink, csrf: string): { status: number; body: string } {
  switch (state.kind) {
    case 'invalid':
      return { status: 404, body: refusalPage(l, path, 'link.invalid', {}) };
    case 'used': {
      const result = (state.link.result ?? {}) as { message?: Record<Locale, string> };
      const args = { at: closedAtText(l, state.link.usedAt), result: result.message?.[l] ?? '' };
      return { status: 409, body: refusalPage(l, path, 'link.used', args) };
    }
    case 'expired': {
      const at = closedAtText(l, state.link.expiresAt);
      if (state.link.targetKind === 'meeting') return { status: 410, body: refusalPage(l, path, 'link.meetingExpired', { at }) };
      if (state.link.targetKind === 'report_version') return { status: 410, body: refusalPage(l, path, 'link.receiptExpired', { at }) };
      // A sign-in link has no task to send afresh: a new one is asked for where the first was.
      if (state.link.targetKind === 'person') return { status: 410, body: refusalPage(l, path, 'link.signinExpired', { at }) };
      if (state.link.targetKind === 'form')
        return state.renewable
          ? { status: 410, body: refusalPage(l, path, 'sign.link.expired', { at }, { csrf }) }
          : { status: 410, body: refusalPage(l, path, 'sign.link.expiredNotRenewable', { at }) };
      return { status: 410, body: refusalPage(l, path, 'link.expired', { at }, { csrf }) };
    }
    case 'superseded':
      if (state.link.targetKind === 'person') return { status: 410, body: refusalPage(l, path, 'link.notRenewable', {}) };
      if (state.link.targetKind === 'report_version') return { status: 410, body: refusalPage(l, path, 'link.receiptSuperseded', {}) };
      if (state.link.targetKind === 'meeting') return { status: 410, body: refusalPage(l, path, 'link.meetingSuperseded', {}) };
      if (state.link.targetKind === 'form') return { status: 410, body: refusalPage(l, path, 'sign.link.superseded', {}) };
      return { status: 410, body: refusalPage(l, path, 'link.superseded', {}, { csrf }) };
    case 'closed': {
      if (state.task) {
        const status = t(l, `task.status.${state.task.status}` as MessageKey);
        return { status: 409, body: refusalPage(l, path, 'link.taskClosed', { status }) };
      }
      const d = state.decision!;
      const args = {
        at: closedAtText(l, d.closedAt),
        how: t(l, `decision.closedBy.${d.closedBy ?? 'deadline'}` as MessageKey),
        outcome: d.outcome ? t(l, `outcome.${d.outcome}` as MessageKey) : t(l, 'decision.noOutcome'),
      };
      return { status: 409, body: refusalPage(l, path, 'link.decisionClosed', args) };
    }
  }
}
