/**
 * The mail measure's SMTP server, in a process of its own as a relay would be: it accepts every
 * mail, counts each Message-ID, prints `listening` once it listens on the port given as its
 * argument, and prints the counts as JSON ({ id: times }) and exits when its stdin ends.
 */
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { SMTPServer } from 'smtp-server';

const seen: Record<string, number> = {};
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4000) head += chunk.toString('utf8');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? randomUUID();
      seen[id] = (seen[id] ?? 0) + 1;
      callback();
    });
  },
});
await new Promise<void>((resolve) => server.listen(Number(process.argv[2]), '127.0.0.1', resolve));
console.log('listening');
await text(process.stdin);
await new Promise<void>((resolve) => server.close(() => resolve()));
console.log(JSON.stringify(seen));
