import { html, type SafeHtml } from './html';
import { t, type Locale } from '../i18n';

/** The HTML every mail shares around its content: language, title, greeting, lead and footer. */
export function mailHtml(locale: string, subject: string, greeting: string, lead: string, content: SafeHtml, footer: string): string {
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1f;line-height:1.5;max-width:40rem">
<p>${greeting}</p>
<p>${lead}</p>
${content}
<p style="color:#4a4a55;font-size:.9rem">${footer}</p>
</body></html>`.value;
}

// Mail readers drop stylesheets: the button carries its own style.
const BUTTON_STYLE = 'display:inline-block;background:#5b2a86;color:#fff;padding:.6rem 1rem;border-radius:4px;text-decoration:none';

/** The one thing to do, as a button. */
export const mailButton = (link: string, label: string) => html`<p><a href="${link}" style="${BUTTON_STYLE}">${label}</a></p>`;

/** The coordinator's own words added to a mail, when there are any. */
export const coordinatorMessage = (locale: Locale, message: unknown): string =>
  typeof message === 'string' && message.trim() ? t(locale, 'notice.message', { message: message.trim() }) : '';
