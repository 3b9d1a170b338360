import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html?: string;
  ics?: string;
  /** Files that go with the mail, e.g. a handed-off report's PDF and Word file. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** Stable per outbox row, so a copy that did go out twice is recognisable as the same mail. */
  messageId: string;
}

/** SMTP when SMTP_URL is set; otherwise mail stays in the outbox, shown on its page. */
export interface Mailer {
  mode: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined): Mailer {
  if (!smtpUrl) return { mode: 'outbox', send: async () => {}, close: () => {} };
  // A pool of connections unless the URL says otherwise: reminders go out in bursts.
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  const transport: Transporter = nodemailer.createTransport(url.toString());
  return {
    mode: 'smtp',
    async send(mail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        icalEvent: mail.ics ? calendarPart(mail.ics) : undefined,
        attachments: mail.attachments,
      });
    },
    close: () => transport.close(),
  };
}

/** An answer that will not change on retry: the server refused the recipient address (5xx). */
export function isPermanentRefusal(err: unknown): boolean {
  const e = err as { responseCode?: number; command?: string };
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.command === 'RCPT TO';
}

/** A deadline is published; a meeting is an invitation (REQUEST) or its cancellation (CANCEL). */
function calendarPart(ics: string) {
  const method = /^METHOD:(\w+)/m.exec(ics)?.[1] ?? 'PUBLISH';
  return { method, filename: method === 'PUBLISH' ? 'deadline.ics' : 'invite.ics', content: ics };
}
