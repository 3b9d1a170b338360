import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import { page } from './layout';

/** A sign-in through the identity provider that did not go through: why, and the way back. */
export function oidcRefusedPage(l: Locale, message: string): string {
  const title = t(l, 'oidc.refusedTitle');
  return page({
    locale: l,
    title,
    path: '/signin',
    body: html`<h1>${title}</h1>
<p role="alert">${message}</p>
<p><a href="/signin?lang=${l}">${t(l, 'oidc.back')}</a></p>`,
  });
}
