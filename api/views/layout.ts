import { t, type Locale, type MessageKey } from '../../i18n';
import { html, type SafeHtml } from '../../web/html';
import { STYLESHEET_PATH } from '../../web/assets';

const navLink = (l: Locale, path: string, key: MessageKey) => html`<a href="${path}?lang=${l}">${t(l, key)}</a>`;
const signedInNav = (l: Locale, coordinator: boolean) =>
  html`${navLink(l, '/cycles', 'nav.cycles')} ${navLink(l, '/me', 'nav.myWork')} ${coordinator ? navLink(l, '/admin', 'nav.admin') : ''}`;
const signOut = (l: Locale, user: { name: string; csrfToken: string }) =>
  html`<form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="${user.csrfToken}">\
<span>${user.name}</span> <button type="submit">${t(l, 'nav.signout')}</button></form>`;

export function page(opts: {
  locale: Locale;
  title: string;
  body: SafeHtml;
  path: string;
  footer?: SafeHtml;
  /** More of the head, such as a page that refreshes itself while work it shows is under way. */
  head?: SafeHtml;
  user?: { name: string; csrfToken: string; role?: string } | null;
}): string {
  const other: Locale = opts.locale === 'sv' ? 'en' : 'sv';
  return `<!doctype html>${html`<html lang="${opts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} – ${t(opts.locale, 'app.name')}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">${opts.head ?? ''}
</head>
<body>
<a class="skip" href="#main">${t(opts.locale, 'home.skip')}</a>
<header>
  <a class="brand" href="/?lang=${opts.locale}">${t(opts.locale, 'app.name')}</a>
  <nav aria-label="${t(opts.locale, 'nav.label')}">
    ${opts.user ? signedInNav(opts.locale, opts.user.role === 'coordinator') : ''}
    ${opts.user ? signOut(opts.locale, opts.user) : html`<a href="/signin?lang=${opts.locale}">${t(opts.locale, 'signin.title')}</a>`}
    <a href="${opts.path}?lang=${other}" lang="${other}" hreflang="${other}">${t(opts.locale, 'home.language')}</a>
  </nav>
</header>
<main id="main">
${opts.body}
</main>
${opts.footer ? html`<footer>${opts.footer}</footer>` : ''}
</body>
</html>`}`;
}
