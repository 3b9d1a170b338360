import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { User } from '../plugins/session';
import { page } from './layout';

/** A refusal or failure as a page: what went wrong, which fields, and the way home. */
export function errorPage(
  l: Locale,
  status: number,
  payload: { message: string; issues?: { field: string; message: string }[] },
  path: string,
  user: User | null,
): string {
  const title = t(l, status === 404 ? 'error.pageNotFound' : status >= 500 ? 'error.pageBroken' : 'error.pageRefused');
  const issues = payload.issues?.length
    ? html`<ul>${payload.issues.map((i) => html`<li><strong>${i.field}</strong>: ${i.message}</li>`)}</ul>`
    : '';
  const body = html`<h1>${title}</h1>
<p role="alert">${payload.message}</p>
${issues}
<p><a href="/?lang=${l}">${t(l, 'error.backHome')}</a></p>`;
  return page({ locale: l, title, body, path, user });
}
