import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import { page } from './layout';

/**
 * The sign-in form, with what happened to the last request when there was one, and the
 * organisation's identity provider first when one is configured (`oidcLabel` is its button).
 */
export function signinPage(l: Locale, message?: string, oidcLabel?: string): string {
  const provider = oidcLabel ? html`<p><a class="button" href="/signin/oidc?lang=${l}">${oidcLabel}</a></p><p>${t(l, 'oidc.or')}</p>` : '';
  return page({
    locale: l,
    title: t(l, 'signin.title'),
    path: '/signin',
    body: html`<h1>${t(l, 'signin.title')}</h1>
${message ? html`<p role="status">${message}</p>` : ''}
${provider}
<form method="post" action="/signin">
  <p><label for="email">${t(l, 'signin.email')}</label><br>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="320"></p>
  <p><button type="submit">${t(l, 'signin.send')}</button></p>
</form>`,
  });
}
