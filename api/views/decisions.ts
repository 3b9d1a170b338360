import { decisionEffectSection } from './one-off';
import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import { roundTitle } from '../../web/rounds';
import { t, type Locale } from '../../i18n';
import type { DecisionPageData } from '../services/decisions';
import { csrfField, flash, historyAndMail, roundNote, tallyText, tr } from './dashboard';
import { candidateFields, candidateList, previousRoundSection, selectedSection, shownSection, voteOnList } from './outputs';
import type { Viewer } from './page-reply';

/** The decision page: the question, the work it shows, who voted how (when that shows), and the vote forms. */
export function decisionPage(v: Viewer, data: DecisionPageData, error?: string): SafeHtml {
  const l = v.locale;
  const d = data.item;
  const { work } = data;
  const isOpen = d.status === 'open';
  const mySeats = v.seats.filter((s) => d.voterSeatIds.includes(s.seatId));
  const status = d.status === 'closed' && d.outcome ? tr(l, `outcome.${d.outcome}`) : tr(l, `decision.status.${d.status}`);
  return html`<h1>${roundTitle(l, d.title || d.question, d.round)}</h1>
${flash(l, v.done, error)}
${roundNote(l, data.roundReason)}
<p class="prose">${d.question}</p>
${previousRoundSection(l, d.round, work.previous)}
${shownSection(l, work.shows)}
${isOpen && mySeats.length ? '' : candidateList(l, work.candidates)}
${selectedSection(l, work.selected)}
<dl class="facts">
<dt>${t(l, 'dash.body')}</dt><dd>${d.bodyName}</dd>
<dt>${t(l, 'dash.due')}</dt><dd>${formatDue(d.dueAt, l)}</dd>
<dt>${t(l, 'dash.status')}</dt><dd>${status}</dd>
<dt>${t(l, 'dash.tallyHeading')}</dt><dd>${
    data.revealTally ? tallyText(l, d) : t(l, 'dash.tallyHidden', { voted: d.voted.length, voters: d.voterSeatIds.length })
  }</dd>
</dl>
${decisionEffectSection(l, data.effect)}
<table><caption>${t(l, 'dash.voters')}</caption>
<thead><tr>${['dash.party', 'dash.seat', 'dash.vote'].map((k) => html`<th scope="col">${tr(l, k)}</th>`)}</tr></thead>
<tbody>${data.voters.map((voter) => {
    const vote = data.votes.find((x) => x.seatId === voter.seatId);
    const cell = voteCell(l, vote, work.candidates);
    return html`<tr><td>${voter.organisationName}</td><td>${voter.seatTitle}</td><td>${cell}</td></tr>`;
  })}</tbody></table>
${isOpen ? mySeats.map((s) => voteForm(l, data, s, v.csrf)) : ''}
${isOpen && v.coordinator ? resendForm(l, data, v.csrf) : ''}
${historyAndMail(l, data, v.coordinator && v.outbox, `/api/decisions/${d.id}`)}`;
}

type Vote = DecisionPageData['votes'][number];

function voteCell(l: Locale, vote: Vote | undefined, candidates: DecisionPageData['work']['candidates']) {
  if (!vote) return html`<span class="muted">${t(l, 'dash.notVoted')}</span>`;
  if (!vote.choice) return t(l, 'dash.voted');
  const comment = vote.comment ? html`: <span class="muted">${vote.comment}</span>` : '';
  return html`${tr(l, `choice.${vote.choice}`)}${comment}${voteOnList(l, candidates, vote)}`;
}

function voteForm(l: Locale, data: DecisionPageData, s: { seatId: string; slug: string }, csrf: string): SafeHtml {
  const seat = data.voters.find((v) => v.seatId === s.seatId)?.seatTitle ?? s.slug;
  const [approve, reject, changes] = [t(l, 'choice.approve'), t(l, 'choice.reject'), t(l, 'choice.changes')];
  const mine = data.votes.find((v) => v.seatId === s.seatId);
  const action = `/decisions/${data.item.id}/vote?lang=${l}`;
  return html`<form method="post" action="${action}" class="action"><fieldset><legend>${t(l, 'dash.castVote', { seat })}</legend>
${csrfField(csrf)}<input type="hidden" name="seat" value="${s.seatId}">
<p><input type="radio" id="c-a-${s.seatId}" name="choice" value="approve" required> <label for="c-a-${s.seatId}">${approve}</label></p>
<p><input type="radio" id="c-r-${s.seatId}" name="choice" value="reject"> <label for="c-r-${s.seatId}">${reject}</label></p>
<p><input type="radio" id="c-c-${s.seatId}" name="choice" value="changes"> <label for="c-c-${s.seatId}">${changes}</label></p>
<label for="comment-${s.seatId}">${t(l, 'dash.comment')}</label>
<textarea id="comment-${s.seatId}" name="comment" rows="2"></textarea>
${candidateFields(l, data.work.candidates, `v-${s.seatId}`, mine)}
<button type="submit">${t(l, 'dash.sendVote')}</button></fieldset></form>`;
}

function resendForm(l: Locale, data: DecisionPageData, csrf: string): SafeHtml {
  const options = data.voters.map((v) => html`<option value="${v.seatId}">${v.organisationName} – ${v.seatTitle}</option>`);
  const action = `/decisions/${data.item.id}/resend?lang=${l}`;
  return html`<form method="post" action="${action}" class="action"><fieldset><legend>${t(l, 'dash.resend')}</legend>
${csrfField(csrf)}
<label for="resend-seat">${t(l, 'dash.toSeat')}</label>
<select id="resend-seat" name="seat" required><option value="">${t(l, 'dash.choose')}</option>${options}</select>
<button type="submit">${t(l, 'dash.resend')}</button></fieldset></form>`;
}
