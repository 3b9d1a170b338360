import { html, type SafeHtml } from '../../web/html';
import { FOLLOW_UP_STATUSES } from '../../core/report';
import type { FollowUpLink } from '../../db/queries/follow-ups';
import { t, type Locale, type MessageKey } from '../../i18n';
import { csrfField } from './dashboard';

/** A measure task's follow-up on its page: what the owner reported, the fields to give it, and the form to complement it. */

interface FollowUpShown {
  status: string;
  links: FollowUpLink[];
}

export const followUpStatusLabel = (l: Locale, status: string) => t(l, `fu.status.${status}` as MessageKey);

/** Evidence links, each opening its address; the title where one was given. */
export function linkList(l: Locale, links: FollowUpLink[]): SafeHtml {
  if (!links.length) return html`<p class="muted">${t(l, 'fu.noLinks')}</p>`;
  return html`<ul>${links.map((k) => html`<li><a href="${k.url}" rel="noopener noreferrer">${k.title || k.url}</a></li>`)}</ul>`;
}

export function followUpSection(l: Locale, followUp: FollowUpShown | null | undefined): SafeHtml {
  const status = followUp ? html`<strong>${followUpStatusLabel(l, followUp.status)}</strong>` : t(l, 'fu.notGiven');
  return html`<section aria-labelledby="fu-h"><h2 id="fu-h">${t(l, 'fu.heading')}</h2>
<p>${t(l, 'fu.status')}: ${status}</p>
${followUp ? linkList(l, followUp.links) : ''}</section>`;
}

/** The status (required) and the links, one per line with an optional title after the address. */
export function followUpFields(l: Locale, current: FollowUpShown | null | undefined): SafeHtml {
  const options = FOLLOW_UP_STATUSES.map(
    (s) => html`<option value="${s}"${current?.status === s ? ' selected' : ''}>${followUpStatusLabel(l, s)}</option>`,
  );
  const lines = (current?.links ?? []).map((k) => (k.title ? `${k.url} ${k.title}` : k.url)).join('\n');
  return html`<label for="fu-status">${t(l, 'fu.status')}</label>
<select id="fu-status" name="status" required><option value="">${t(l, 'dash.choose')}</option>${options}</select>
<label for="fu-links">${t(l, 'fu.links')}</label>
<p id="fu-links-help" class="muted">${t(l, 'fu.linksHelp')}</p>
<textarea id="fu-links" name="links" rows="3" aria-describedby="fu-links-help">${lines}</textarea>`;
}

/** A done measure task's owners and the coordinator complement the follow-up after completing. */
export function complementForm(l: Locale, id: string, csrf: string, current: FollowUpShown | null | undefined): SafeHtml {
  return html`<form method="post" action="/tasks/${id}/follow-up?lang=${l}" class="action">
<fieldset><legend>${t(l, 'fu.complement')}</legend>${csrfField(csrf)}<p>${t(l, 'fu.complementHelp')}</p>
${followUpFields(l, current)}
<button type="submit">${t(l, 'fu.save')}</button></fieldset></form>`;
}
