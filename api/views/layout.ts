import { t, type Locale } from '../../i18n';
import { html, type SafeHtml } from '../../web/html';
import { STYLESHEET_PATH } from '../../web/assets';

export function page(opts: { locale: Locale; title: string; body: SafeHtml; path: string; footer?: SafeHtml; user?: { name: string; csrfToken: string } | null }): string {
  const other: Locale = opts.locale === 'sv' ? 'en' : 'sv';
  return `<!doctype html>${html`<html lang="${opts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} – ${t(opts.locale, 'app.name')}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip" href="#main">${t(opts.locale, 'home.skip')}</a>
<header>
  <a class="brand" href="/?lang=${opts.locale}">${t(opts.locale, 'app.name')}</a>
  <nav aria-label="${t(opts.locale, 'nav.label')}">
    ${opts.user ? html`<a href="/cycles?lang=${opts.locale}">${t(opts.locale, 'nav.cycles')}</a> <a href="/me?lang=${opts.locale}">${t(opts.locale, 'nav.myWork')}</a> <a href="/admin?lang=${opts.locale}">${t(opts.locale, 'nav.admin')}</a>` : ''}
    ${opts.user
      ? html`<form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="${opts.user.csrfToken}"><span>${opts.user.name}</span> <button type="submit">${t(opts.locale, 'nav.signout')}</button></form>`
      : html`<a href="/signin?lang=${opts.locale}">${t(opts.locale, 'signin.title')}</a>`}
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
