import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gte, lte } from 'drizzle-orm';
import * as t from '../db/schema';
import { messageIdOf } from '../activities/delivery';
import { eventually, injectAs } from './support/app';
import { at, simulateWithMail, type MailSimulation } from './support/time-skipping';
import { mailCount } from './support/faults';

/**
 * The SMTP server is down for a whole simulated day while the notices of February's
 * samordningsgrupp meeting fall due (21 days before it, at 08:00): they wait in the outbox,
 * retried, and arrive once each when the server is back on its port.
 */
describe('SMTP down for a day', () => {
  let sim: MailSimulation;

  beforeAll(async () => {
    // The coordinator's mail about the failing delivery is retried on the worker's problem check.
    sim = await simulateWithMail({ problemCheckMs: 500 });
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => sim?.stop());

  const noticesOfTheDay = () =>
    sim.db
      .select()
      .from(t.mailOutbox)
      .where(
        and(
          eq(t.mailOutbox.kind, 'meeting_notice'),
          gte(t.mailOutbox.scheduledAt, at('2027-01-19 00:00')),
          lte(t.mailOutbox.scheduledAt, at('2027-01-19 23:59')),
        ),
      );

  it('keeps the mail that falls due while the server is down in the outbox, retrying', async () => {
    await sim.until('2027-01-18 10:00');
    await sim.smtp.stop();
    await sim.until('2027-01-19 10:00');
    const waiting = await eventually(async () => {
      const rows = await noticesOfTheDay();
      return rows.length === 8 && rows.every((r) => r.attempts >= 2) ? rows : undefined;
    });
    expect(new Set(waiting.map((r) => r.status))).toEqual(new Set(['failed']));
    const received = new Set(sim.smtp.messages.map((m) => m.messageId));
    expect(waiting.filter((r) => received.has(messageIdOf(r.key)))).toEqual([]);
  });

  it('delivers each of them once when the server is back on the same port, and sends nothing twice', async () => {
    await sim.until('2027-01-19 20:00');
    await sim.smtp.start();
    await sim.until('2027-01-20 10:00');
    const sent = await eventually(async () => {
      const rows = await noticesOfTheDay();
      return rows.every((r) => r.status === 'sent') ? rows : undefined;
    });
    for (const row of sent) expect(sim.smtp.messages.filter((m) => m.messageId === messageIdOf(row.key))).toHaveLength(1);
    const count = await eventually(async () => {
      const c = await mailCount(sim.db, sim.smtp);
      return c.unsent.length ? undefined : c;
    });
    expect(count).toMatchObject({ repeated: [], lost: [] });
    expect(count.rows.filter((r) => r.key.startsWith('problem:'))).not.toEqual([]);
    expect(count.rows.length).toBeGreaterThan(sent.length);
  });
});
