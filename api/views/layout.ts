import { t, type Locale } from '../../i18n';
import { html, SafeHtml } from '../../web/html';

const styles = `
:root { --ink:#1b1b1f; --muted:#4a4a55; --accent:#5b2a86; --line:#d6d3dc; --bg:#fbfaf7; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
a:focus, button:focus { outline:3px solid #f2a900; outline-offset:2px; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
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
h2.h3 { font-size:1rem; }
caption { text-align:left; font-weight:600; padding:.3rem 0; }
.badge { display:inline-block; padding:0 .4rem; border-radius:3px; border:1px solid var(--line); background:#fff; }
.badge.late { background:#fbe9ec; border-color:#a3142b; color:#7a0f20; font-weight:600; }
.badge.done { background:#e7f4ec; border-color:#0b6e4f; color:#064a35; }
.badge.needs-action { background:#a3142b; border-color:#7a0f20; color:#fff; font-weight:700; }
.problems { border-left:6px solid #a3142b; background:#fbe9ec; padding:.5rem 1rem; margin:1rem 0; }
.flash { padding:.5rem 1rem; border-left:4px solid #0b6e4f; background:#e7f4ec; margin:1rem 0; }
.flash.error { border-color:#a3142b; background:#fbe9ec; color:#5e0c1a; }
.flash.warning { border-color:#8a5a00; background:#fff6e0; color:#3d2a00; }
.overview { display:flex; flex-wrap:wrap; gap:2rem; align-items:flex-start; }
.wheel-figure { margin:0; flex:0 1 26rem; }
.wheel { width:100%; max-width:26rem; height:auto; display:block; }
.overview > section { flex:1 1 20rem; }
.legend { list-style:none; padding:0; margin:0; display:grid; gap:.2rem; }
.swatch, .mark { display:inline-block; width:1rem; height:1rem; margin-right:.5rem; vertical-align:middle; }
.mark.dot { border-radius:50%; background:#1b1b1f; width:.6rem; height:.6rem; margin:0 .7rem 0 .2rem; }
.mark.diamond { background:#1b1b1f; width:.7rem; height:.7rem; transform:rotate(45deg); margin:0 .65rem 0 .15rem; }
.mark.square { border:2px solid #1b1b1f; width:.7rem; height:.7rem; margin:0 .65rem 0 .15rem; }
.mark.today { background:#a3142b; height:3px; }
form.action fieldset { display:grid; gap:.4rem; max-width:36rem; margin:0 0 1rem; background:#fff; }
form.action label { font-weight:600; }
button.danger { background:#a3142b; }
a.button { display:inline-block; background:var(--accent); color:#fff; padding:.55rem 1rem; border-radius:4px; text-decoration:none; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.2rem 1rem; }
dl.facts dt { font-weight:600; }
dl.facts dd { margin:0; }
.prose { white-space:pre-wrap; max-width:48rem; }
article.output { border-left:4px solid var(--line); padding:0 0 0 1rem; margin:0 0 1.5rem; }
.diff { font-family:ui-monospace, monospace; white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; border:1px solid var(--line); padding:.5rem; max-width:48rem; }
.diff > * { display:block; } .diff ins { background:#e7f4ec; } .diff del { background:#fbe9ec; }
.candidate textarea, .action textarea { width:100%; }
form.action fieldset { grid-template-columns:minmax(0, 1fr); } form.action select, form.action input[type=file] { max-width:100%; }
select, input[type=date], input[type=number] { font:inherit; padding:.3rem; }
@media (max-width:40rem) { header { flex-wrap:wrap; gap:.5rem; padding:1rem; } header nav { flex-wrap:wrap; } main { padding:1rem; } h1 { font-size:1.5rem; } h1, h2, h3 { overflow-wrap:break-word; hyphens:auto; } th, td { overflow-wrap:anywhere; padding:.3rem; } fieldset { min-width:0; } input, textarea, select { max-width:100%; } }
@media print { header nav, footer, .skip, form, .noprint, details { display:none; } body { background:#fff; font-size:11pt; } main { max-width:none; padding:0; } .overview { page-break-inside:avoid; } a { color:inherit; text-decoration:none; } }
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
