import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from '../../cli/temporal-dev';

/**
 * A real SMTP server in the test process that catches every mail; it can start late, refuse
 * addresses, or hold its answer to a mail.
 */
export interface CaughtMail {
  port: number;
  url: string;
  messages: ParsedMail[];
  refuse: Set<string>;
  /**
   * From now on each mail's data is read but not answered until `release()`, as a slow server's:
   * the sender's delivery stays in flight. A mail whose sender has gone by then was never
   * accepted, as with a real server that did not say 250.
   */
  hold(): void;
  release(): void;
  /** Mails read and not yet answered. */
  held(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function catchMail(opts: { startNow?: boolean } = {}): Promise<CaughtMail> {
  const port = await freePort();
  const messages: ParsedMail[] = [];
  const refuse = new Set<string>();
  const gone = new Set<string>();
  let gate: { opened: Promise<void>; open(): void; waiting: number } | undefined;
  let server: SMTPServer | undefined;
  const caught: CaughtMail = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse,
    hold() {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { opened, open, waiting: 0 };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    held: () => gate?.waiting ?? 0,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        // Pooled clients keep connections open; do not wait half a minute for them on stop.
        closeTimeout: 200,
        onRcptTo(address: SMTPServerAddress, _session, callback) {
          if (refuse.has(address.address)) {
            const err = new Error('No such user here') as Error & { responseCode: number };
            err.responseCode = 550;
            return callback(err);
          }
          callback();
        },
        onData(stream, session, callback) {
          simpleParser(stream)
            .then(async (mail) => {
              const held = gate;
              if (held) {
                held.waiting++;
                await held.opened;
                held.waiting--;
              }
              if (gone.has(session.id)) return callback(new Error('The sender left before the answer'));
              messages.push(mail);
              callback();
            })
            .catch(callback);
        },
        onClose(session) {
          gone.add(session.id);
        },
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    },
  };
  if (opts.startNow !== false) await caught.start();
  return caught;
}
