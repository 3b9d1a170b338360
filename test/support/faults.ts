import { and, eq, inArray, like, notExists, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import * as t from '../../db/schema';
import type { Db } from '../../db/client';
import { messageIdOf } from '../../activities/delivery';
import type { CaughtMail } from './smtp';
import { injectAs } from './app';
import { collectAndDecide } from './definitions';
import type { CycleDefinitionInput } from '../../core/definition';

const coordinator = { kind: 'coordinator' } as const;

/**
 * What a fault test checks of the mail: how often the SMTP server got each Message-ID (a repeat
 * is a mail sent twice), and which rows marked sent it never got (a mail lost).
 */
export async function mailCount(db: Db, smtp: CaughtMail) {
  const rows = await db.select({ key: t.mailOutbox.key, status: t.mailOutbox.status }).from(t.mailOutbox);
  const received = new Map<string, number>();
  for (const m of smtp.messages) received.set(m.messageId!, (received.get(m.messageId!) ?? 0) + 1);
  return {
    rows,
    repeated: [...received].filter(([, n]) => n > 1).map(([id]) => id),
    lost: rows.filter((r) => r.status === 'sent' && !received.has(messageIdOf(r.key))).map((r) => r.key),
    unsent: rows.filter((r) => r.status !== 'sent').map((r) => r.key),
  };
}

async function post(app: FastifyInstance, url: string, payload: object, status: number) {
  const res = await injectAs(app, { method: 'POST', url, payload });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
}

/** Uploads a definition and starts its 2027 cycle through the API; returns the cycle's id. */
export async function startCycleOf(app: FastifyInstance, definition: CycleDefinitionInput): Promise<string> {
  await post(app, '/api/definitions', { definition, actor: coordinator }, 201);
  await post(app, '/api/cycles', { definition: definition.key, year: 2027, actor: coordinator }, 201);
  return `cycle/${definition.key}/2027`;
}

/** Uploads the collect-and-decide definition under `key` and starts its 2027 cycle through the API; returns the cycle's id. */
export const startCollectAndDecide = (app: FastifyInstance, key: string) => startCycleOf(app, collectAndDecide(key));

/** The open tasks of a cycle (`max` of them) completed through the API by their seats; returns how many. */
export async function completeOpenTasks(app: FastifyInstance, db: Db, cycleId: string, max = Infinity): Promise<number> {
  const open = await db
    .select({ id: t.tasks.id, seat: t.seats.slug })
    .from(t.tasks)
    .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
    .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.status, 'open')))
    .orderBy(t.seats.slug)
    .limit(Number.isFinite(max) ? max : 1000);
  for (const task of open) {
    await post(app, `/api/tasks/${task.id}/complete`, { report: 'Klart.', actor: { kind: 'seat', seat: task.seat } }, 200);
  }
  return open.length;
}

/** Every styrgrupp seat (`max` of them) yet to vote on the cycle's open decision approves it through the API; returns how many did. */
export async function approveOpenDecision(app: FastifyInstance, db: Db, cycleId: string, max = Infinity): Promise<number> {
  const [decision] = await db
    .select()
    .from(t.decisions)
    .where(and(eq(t.decisions.cycleId, cycleId), eq(t.decisions.status, 'open')));
  if (!decision) return 0;
  const seats = await db
    .select({ slug: t.seats.slug })
    .from(t.seats)
    .where(
      and(
        like(t.seats.slug, 'styrgrupp/%'),
        notExists(
          db
            .select()
            .from(t.votes)
            .where(and(eq(t.votes.decisionId, decision.id), eq(t.votes.seatId, t.seats.id))),
        ),
      ),
    )
    .orderBy(t.seats.slug)
    .limit(Number.isFinite(max) ? max : 1000);
  for (const { slug } of seats) {
    await post(app, `/api/decisions/${decision.id}/votes`, { choice: 'approve', actor: { kind: 'seat', seat: slug } }, 200);
  }
  return seats.length;
}

/** Work the audit records more than once: the same action on the same thing by the same seat (a retry that recorded twice). */
export async function recordedTwice(db: Db): Promise<string[]> {
  const rows = await db
    .select({
      action: t.auditEvents.action,
      targetId: t.auditEvents.targetId,
      seat: t.auditEvents.actorSeatId,
      n: sql<number>`count(*)::int`,
    })
    .from(t.auditEvents)
    .where(
      inArray(t.auditEvents.action, [
        'task.assigned',
        'task.completed',
        'vote.cast',
        'decision.closed',
        'cycle.started',
        'cycle.completed',
      ]),
    )
    .groupBy(t.auditEvents.action, t.auditEvents.targetId, t.auditEvents.actorSeatId)
    .having(sql`count(*) > 1`);
  return rows.map((r) => `${r.action} ${r.targetId} ${r.seat ?? ''} ×${r.n}`);
}
