import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { MyWork } from '../services/dashboard';
import { csrfField, decisionTable, flash, workTable } from './dashboard';

/** A holder's own open tasks and the votes their seats still owe, and a way to end every sign-in. */
export function myWorkPage(l: Locale, work: MyWork, done: string | undefined, csrf: string): SafeHtml {
  const votes = work.decisions.filter((d) => d.seats.some((s) => !d.voted.includes(s)));
  return html`<h1>${t(l, 'dash.myWork')}</h1>
${flash(l, done, undefined)}
<p>${t(l, 'dash.myWorkIntro', { tasks: work.tasks.length, votes: votes.length })}</p>
<h2>${t(l, 'dash.myTasks')}</h2>
${workTable(l, t(l, 'dash.myTasks'), work.tasks)}
<h2>${t(l, 'dash.myVotes')}</h2>
${decisionTable(l, t(l, 'dash.myVotes'), work.decisions, (d) => d.showTally)}
<h2>${t(l, 'signout.everywhere.title')}</h2>
<p>${t(l, 'signout.everywhere.lead')}</p>
<form method="post" action="/signout/everywhere">${csrfField(csrf)}
<button type="submit">${t(l, 'signout.everywhere.button')}</button></form>`;
}
