import { html } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { User } from '../plugins/session';
import type { Holder } from '../../db/schema';
import type { Mail, MailRow, OutboxMode } from '../services/outbox';
import { page } from './layout';

/**
 * The outbox pages. In local mode the outbox is where mail is read (`readable`), links included;
 * anywhere else it shows only what was sent, never the bodies, and offers to send a mail again.
 */
export function outboxPage(l: Locale, user: User | null, rows: MailRow[], opts: { mode: OutboxMode; done?: 'resent' }): string {
  const readable = opts.mode === 'local';
  const when = (d: Date | null) => (d ? formatInstant(d, l) : '');
  const heads = [
    'outbox.when',
    'outbox.to',
    'outbox.subject',
    'outbox.status',
    'outbox.attempts',
    'outbox.address',
    ...(readable ? [] : (['outbox.resend'] as const)),
  ] as const;
  const resend = (r: MailRow) =>
    r.status === 'pending'
      ? html`<td></td>`
      : html`<td><form method="post" action="/outbox/${r.id}/resend?lang=${l}" class="inline"><input type="hidden" name="_csrf" value="${
          user?.csrfToken ?? ''
        }"><button type="submit">${t(l, 'outbox.resend')}<span class="visually-hidden"> ${t(l, 'outbox.resendTo', {
          name: r.toName,
          subject: r.subject,
        })}</span></button></form></td>`;
  const address = (r: MailRow) =>
    r.addressMarkedAt
      ? html`<span class="badge late">${t(l, 'outbox.markedShort')}</span>`
      : r.holderId
        ? html`<a href="/outbox/${r.id}/address?lang=${l}">${t(l, 'outbox.markLink')}<span class="visually-hidden"> ${
            r.toAddress
          }</span></a>`
        : '';
  const row = (r: MailRow) =>
    html`<tr><td>${when(r.scheduledAt ?? r.createdAt)}</td><td>${r.toName} &lt;${r.toAddress}&gt;</td><td>${
      readable ? html`<a href="/outbox/${r.id}">${r.subject}</a>` : r.subject
    }</td><td>${t(l, `outbox.state.${r.status}` as MessageKey)}${
      r.lastError ? html`<br><span class="muted">${r.lastError}</span>` : ''
    }</td><td>${r.attempts}</td><td>${address(r)}</td>${readable ? '' : resend(r)}</tr>`;
  const body = html`<h1>${t(l, 'outbox.title')}</h1>
${opts.done ? html`<p class="flash ok" role="status">${t(l, 'outbox.resent')}</p>` : ''}
<p>${t(l, ({ local: 'outbox.held', unsent: 'outbox.unread', smtp: 'outbox.smtp' } as const)[opts.mode])}</p>
<table>
  <caption class="muted">${t(l, 'outbox.caption', { count: rows.length })}</caption>
  <thead><tr>${heads.map((k) => html`<th scope="col">${t(l, k)}</th>`)}</tr></thead>
  <tbody>${rows.map(row)}</tbody>
</table>`;
  return page({ locale: l, title: t(l, 'outbox.title'), body, path: '/outbox', user });
}

/** One mail as the outbox holds it. */
export function mailPage(l: Locale, user: User | null, mail: Mail): string {
  const body = html`<h1>${mail.subject}</h1>
<p>${t(l, 'outbox.to')}: ${mail.toName} &lt;${mail.toAddress}&gt;</p>
<pre class="pre-wrap">${mail.text}</pre>
<p><a href="/outbox">${t(l, 'outbox.back')}</a></p>`;
  return page({ locale: l, title: mail.subject, body, path: `/outbox/${mail.id}`, user });
}

/** Asks the coordinator to confirm that a mail's address is wrong; says when it already is. */
export function addressPage(l: Locale, user: User | null, mail: Mail, holder: Holder): string {
  const body = html`<h1>${t(l, 'outbox.markTitle')}</h1>
<p>${t(l, 'outbox.markIntro', { name: holder.name, address: holder.email })}</p>
${
  holder.emailInvalidAt
    ? html`<p class="flash error" role="status">${t(l, 'outbox.alreadyMarked', { when: formatInstant(holder.emailInvalidAt, l) })}</p>`
    : html`<form method="post" action="/outbox/${mail.id}/address?lang=${l}" class="action"><fieldset><legend>${t(
        l,
        'outbox.markTitle',
      )}</legend>
<input type="hidden" name="_csrf" value="${user?.csrfToken ?? ''}">
<p><input type="checkbox" id="mark-confirm" name="confirm" value="yes" required> <label for="mark-confirm">${t(l, 'outbox.markConfirm', {
        address: holder.email,
      })}</label></p>
<button type="submit" class="danger">${t(l, 'outbox.markButton')}</button></fieldset></form>`
}
<p><a href="/outbox?lang=${l}">${t(l, 'outbox.back')}</a></p>`;
  return page({ locale: l, title: t(l, 'outbox.markTitle'), body, path: `/outbox/${mail.id}/address`, user });
}
