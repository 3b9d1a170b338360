import { t, type Locale } from '../../i18n';
import { html, SafeHtml } from '../../core/html';

const styles = `
:root { --ink:#1b1b1f; --muted:#4a4a55; --accent:#5b2a86; --line:#d6d3dc; --bg:#fbfaf7; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
a:focus, button:focus { outline:3px solid #f2a900; outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:1rem; top:1rem; background:#fff; padding:.5rem; }
header { display:flex; justify-content:space-between; align-items:baseline; padding:1rem 2rem; border-bottom:1px solid var(--line); background:#fff; }
header nav { display:flex; gap:1rem; align-items:baseline; }
.inline { display:inline; }
header .brand { font-size:1.4rem; font-weight:700; color:var(--accent); text-decoration:none; }
main { padding:1.5rem 2rem; max-width:72rem; }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1.5rem; background:#fff; }
th, td { text-align:left; padding:.4rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; }
.muted { color:var(--muted); }
.error { color:#8a1020; }
button { font:inherit; background:var(--accent); color:#fff; border:0; border-radius:4px; padding:.55rem 1rem; cursor:pointer; }
textarea, input { font:inherit; }
fieldset { border:1px solid var(--line); }
footer { padding:1rem 2rem; color:var(--muted); border-top:1px solid var(--line); }
@media print { header nav, footer, .skip { display:none; } body { background:#fff; } }
`;
const stylesheet = new SafeHtml(styles);

export function page(opts: { locale: Locale; title: string; body: SafeHtml; path: string; footer?: SafeHtml; user?: { name: string; csrfToken: string } | null }): string {
  const other: Locale = opts.locale === 'sv' ? 'en' : 'sv';
  return `<!doctype html>${html`<html lang="${opts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} – ${t(opts.locale, 'app.name')}</title>
<style>${stylesheet}</style>
</head>
<body>
<a class="skip" href="#main">${t(opts.locale, 'home.skip')}</a>
<header>
  <a class="brand" href="/?lang=${opts.locale}">${t(opts.locale, 'app.name')}</a>
  <nav aria-label="${t(opts.locale, 'nav.label')}">
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
