/**
 * Mail and link figures for `npm run bench`:
 * - mails_per_s, mail_duplicates: 1,000 task notices rendered, written to the outbox and
 *   delivered to an SMTP server on loopback; then delivered again, which must send nothing.
 * - link_get_*, link_post_*: a real listening API under 50 concurrent clients, GETting link
 *   pages and POSTing completions through Temporal updates; bare_route_rps: a plain fastify
 *   route measured the same way in the same run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { SMTPServer } from 'smtp-server';
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { createMailer } from '../activities/mailer';
import { writeNotice } from '../activities/notices';
import { deliverNotice } from '../activities/delivery';
import { freePort } from '../cli/temporal-dev';
import type { FastifyInstance } from 'fastify';

export async function mailThroughput(db: Db): Promise<{ mailsPerS: number; duplicates: number }> {
  const port = await freePort();
  const seen = new Map<string, number>();
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
        seen.set(id, (seen.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const mailer = createMailer(`smtp://127.0.0.1:${port}`);
  const seats = await db.select({ id: t.seats.id }).from(t.seats).where(like(t.seats.slug, 'samordningsgrupp/%'));
  const run = `bench-${randomBytes(4).toString('hex')}`;
  const keys = Array.from({ length: 1000 }, (_, i) => `${run}:task:${i}`);
  const started = performance.now();
  // Ten at a time, as ten of a worker's activity slots would run them: each slot takes the next
  // notice as soon as it is done with its own.
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
  const seconds = (performance.now() - started) / 1000;
  for (const key of keys.slice(0, 200)) await deliverNotice(db, mailer, 'arshjul@example.org', key);
  mailer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const received = [...seen.values()].reduce((a, b) => a + b, 0);
  if (seen.size !== keys.length) throw new Error(`expected ${keys.length} distinct mails, got ${seen.size}`);
  return { mailsPerS: keys.length / seconds, duplicates: received - seen.size };
}

/** `total` requests from `clients` concurrent loops; latencies in ms. */
export async function load(clients: number, total: number, request: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        const res = await request(i);
        await res.arrayBuffer();
        if (!res.ok && res.status !== 303) throw new Error(`HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { p50: pct(0.5), p99: pct(0.99), rps: total / seconds };
}

export async function linkLatency(app: FastifyInstance, db: Db, taskIds: string[]) {
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const links = await db
    .select({ token: t.mailOutbox.text, targetId: t.mailOutbox.targetId })
    .from(t.mailOutbox)
    .where(and(eq(t.mailOutbox.kind, 'task'), inArray(t.mailOutbox.targetId, taskIds)));
  const paths = links.map((l) => /\/l\/[A-Za-z0-9_-]{43}/.exec(l.token)![0]);
  const csrf = new Map<string, string>();
  for (const path of paths) {
    const page = await (await fetch(`${base}${path}`)).text();
    csrf.set(path, /name="csrf" value="([^"]+)"/.exec(page)![1]!);
  }
  const get = await load(50, 2000, (i) => fetch(`${base}${paths[i % paths.length]}`));
  const post = await load(50, paths.length, (i) =>
    fetch(`${base}${paths[i]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrf.get(paths[i]!)!, report: 'Klart.' }).toString(),
      redirect: 'manual',
    }),
  );
  const bare = Fastify();
  bare.get('/', async () => ({ ok: true }));
  const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareRoute = await load(50, 2000, () => fetch(bareBase));
  await bare.close();
  return { get, post, bareRoute };
}
