import { escapeHtml as e } from '../web/html';

/** The HTML every mail shares around its content: language, title, greeting, lead and footer. */
export function mailHtml(locale: string, subject: string, greeting: string, lead: string, content: string, footer: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1f;line-height:1.5;max-width:40rem">
<p>${e(greeting)}</p>
<p>${e(lead)}</p>
${content}
<p style="color:#4a4a55;font-size:.9rem">${e(footer)}</p>
</body></html>`;
}

/** The one thing to do, as a button. */
export const mailButton = (link: string, label: string) =>
  `<p><a href="${e(link)}" style="display:inline-block;background:#5b2a86;color:#fff;padding:.6rem 1rem;border-radius:4px;text-decoration:none">${e(label)}</a></p>`;
