import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { MyWork } from '../services/dashboard';
import type { OwnFeed } from '../services/feeds';
import { rotateFeedForm } from './admin';
import { csrfField, decisionTable, flash, workTable } from './dashboard';

/** The calendar feeds the person owns, each address with the form that replaces it. */
function feedsView(l: Locale, feeds: OwnFeed[], csrf: string): SafeHtml {
  return html`<h2>${t(l, 'admin.feed.title')}</h2>
<p>${t(l, 'admin.feed.seat')}</p>
${feeds.map(
  (f) => html`<section><h3>${f.title}</h3>
<p>${t(l, 'admin.feed.address')}: <code class="break-all">${f.url}</code></p>
${rotateFeedForm(l, f.rotate, csrf)}</section>`,
)}`;
}

/** A holder's own open tasks, the votes their seats still owe, their calendar feeds, and a way to end every sign-in. */
export function myWorkPage(l: Locale, work: MyWork, feeds: OwnFeed[], csrf: string, done: string | undefined): SafeHtml {
  const votes = work.decisions.filter((d) => d.seats.some((s) => !d.voted.includes(s)));
  return html`<h1>${t(l, 'dash.myWork')}</h1>
${flash(l, done, undefined)}
<p>${t(l, 'dash.myWorkIntro', { tasks: work.tasks.length, votes: votes.length })}</p>
<h2>${t(l, 'dash.myTasks')}</h2>
${workTable(l, t(l, 'dash.myTasks'), work.tasks)}
<h2>${t(l, 'dash.myVotes')}</h2>
${decisionTable(l, t(l, 'dash.myVotes'), work.decisions, (d) => d.showTally || d.status !== 'open')}
${feeds.length ? feedsView(l, feeds, csrf) : ''}
<h2>${t(l, 'signout.everywhere.title')}</h2>
<p>${t(l, 'signout.everywhere.lead')}</p>
<form method="post" action="/signout/everywhere">${csrfField(csrf)}
<button type="submit">${t(l, 'signout.everywhere.button')}</button></form>`;
}
