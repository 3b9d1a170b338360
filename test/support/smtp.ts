import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from '../../cli/temporal-dev';

/** A real SMTP server in the test process that catches every mail; it can start late or refuse addresses. */
export interface CaughtMail {
  port: number;
  url: string;
  messages: ParsedMail[];
  refuse: Set<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function catchMail(opts: { startNow?: boolean } = {}): Promise<CaughtMail> {
  const port = await freePort();
  const messages: ParsedMail[] = [];
  const refuse = new Set<string>();
  let server: SMTPServer | undefined;
  const caught: CaughtMail = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse,
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
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((mail) => {
              messages.push(mail);
              callback();
            })
            .catch(callback);
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
