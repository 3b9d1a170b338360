/**
 * Mail and link figures for `npm run bench`:
 * - mails_per_s, mail_duplicates: 1,000 task notices rendered, written to the outbox and
 *   delivered to an SMTP server on loopback (in a process of its own, after 100 untimed mails);
 *   then delivered again, which must send nothing.
 * - link_get_*, link_post_*: a real listening API under 50 concurrent clients (autocannon, in a
 *   process of its own), GETting link pages and POSTing completions through Temporal updates, each
 *   link once; bare_route_*: a plain fastify route measured the same way in the same run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { createMailer } from '../activities/mailer';
import { writeNotice } from '../activities/notices';
import { deliverNotice } from '../activities/delivery';
import { freePort } from '../cli/temporal-dev';
import type { FastifyInstance } from 'fastify';
import { bareRouteLoad, load } from './load';
import { peakRssMb, resetPeakRss } from './rss';

const sinkScript = fileURLToPath(new URL('./smtp-sink-process.ts', import.meta.url));

/** The SMTP server of bench/smtp-sink-process.ts on a free port; `counts` ends it and returns what it received. */
async function smtpSink(): Promise<{ port: number; counts(): Promise<Map<string, number>> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', sinkScript, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited with ${code}`)));
    child.stdout.on('data', () => out.includes('listening\n') && resolve());
  });
  return {
    port,
    counts: () =>
      new Promise((resolve, reject) => {
        child.removeAllListeners('exit');
        child.once('exit', (code) =>
          code === 0
            ? resolve(new Map(Object.entries(JSON.parse(out.split('\n')[1]!) as Record<string, number>)))
            : reject(new Error(`the SMTP sink exited with ${code}`)),
        );
        child.stdin.end();
      }),
  };
}

export async function mailThroughput(db: Db): Promise<{ mailsPerS: number; duplicates: number }> {
  const sink = await smtpSink();
  const port = sink.port;
  const mailer = createMailer(`smtp://127.0.0.1:${port}`);
  const seats = await db.select({ id: t.seats.id }).from(t.seats).where(like(t.seats.slug, 'samordningsgrupp/%'));
  const run = `bench-${randomBytes(4).toString('hex')}`;
  // Ten at a time, as ten of a worker's activity slots would run them: each slot takes the next
  // notice as soon as it is done with its own.
  const send = async (keys: string[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = next++; i < keys.length; i = next++) {
          const key = keys[i]!;
          const taskId = randomUUID();
          await writeNotice(db, 'http://localhost:3000', {
            key,
            kind: 'task',
            seatIds: [seats[i % seats.length]!.id],
            at: new Date().toISOString(),
            target: { kind: 'task', id: taskId, workflowId: `task/bench/${taskId}` },
            title: `Uppgift ${i}`,
            dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          });
          await deliverNotice(db, mailer, 'arshjul@example.org', key);
        }
      }),
    );
  };
  // Steady state, as the dashboard's measure opens every page once first: the first hundred mails
  // warm the code and open the pool's connections, and are not timed.
  const warmUp = Array.from({ length: 100 }, (_, i) => `${run}:warm:${i}`);
  await send(warmUp);
  const keys = Array.from({ length: 1000 }, (_, i) => `${run}:task:${i}`);
  const started = performance.now();
  await send(keys);
  const seconds = (performance.now() - started) / 1000;
  for (const key of keys.slice(0, 200)) await deliverNotice(db, mailer, 'arshjul@example.org', key);
  mailer.close();
  const seen = await sink.counts();
  const received = [...seen.values()].reduce((a, b) => a + b, 0);
  const expected = warmUp.length + keys.length;
  if (seen.size !== expected) throw new Error(`expected ${expected} distinct mails, got ${seen.size}`);
  return { mailsPerS: keys.length / seconds, duplicates: received - seen.size };
}

/** Concurrent link clients, for the link measures and the bare update that is their floor. */
export const LINK_CLIENTS = 50;

export async function linkLatency(app: FastifyInstance, db: Db, taskIds: string[]) {
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  resetPeakRss();
  const links = await db
    .select({ token: t.mailOutbox.text, targetId: t.mailOutbox.targetId })
    .from(t.mailOutbox)
    .where(and(eq(t.mailOutbox.kind, 'task'), inArray(t.mailOutbox.targetId, taskIds)));
  const paths = links.map((l) => /\/l\/[A-Za-z0-9_-]{43}/.exec(l.token)![0]);
  // A reader's browser: the page's form token and the CSRF cookie that came with it.
  const bodies: string[] = [];
  const cookies: string[] = [];
  for (const path of paths) {
    const res = await fetch(`${origin}${path}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    bodies.push(new URLSearchParams({ _csrf: csrf, report: 'Klart.' }).toString());
    cookies.push(
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    );
  }
  const get = await load({ origin, paths, connections: LINK_CLIENTS, amount: 2000 });
  // Each link once: a used link answers 409, which fails the measure. A completion answers its done page.
  const post = await load({ origin, paths, bodies, cookies, method: 'POST', connections: LINK_CLIENTS, amount: paths.length });
  const [{ open }] = (await db
    .select({ open: sql<number>`count(*)::int` })
    .from(t.tasks)
    .where(and(inArray(t.tasks.id, taskIds), eq(t.tasks.status, 'open')))) as [{ open: number }];
  if (open) throw new Error(`${open} tasks still open after their link was posted`);
  const apiPeakMb = peakRssMb();
  return { get, post, apiPeakMb, bareRoute: await bareRouteLoad() };
}
