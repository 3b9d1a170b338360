import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import { createMailer, type Mailer } from '../activities/mailer';
import { writeNotice } from '../activities/notices';
import { OUTBOX_GRACE_MS, sweepOutbox } from '../worker/outbox-sweep';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually } from './support/app';
import { catchMail, type CaughtMail } from './support/smtp';
import type { NoticeKind } from '../core/notice';

/**
 * Mail a request wrote to the outbox but never handed to the worker (the API stopped between the
 * two) still goes out, once: the worker sweeps the outbox at its start and every minute after.
 */
describe('outbox sweep', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let smtp: CaughtMail;
  let mailer: Mailer;

  /** Writes a notice to the outbox as a request does, then stops: nothing hands it over. */
  async function leftBehind(name: string, kind: NoticeKind, age = 2 * OUTBOX_GRACE_MS) {
    const [holder] = await database.db.select().from(t.holders).where(eq(t.holders.name, name));
    const key = `${kind}:${holder!.email}:${Date.now()}`;
    await writeNotice(database.db, 'http://localhost:3000', {
      key,
      kind,
      seatIds: [holder!.seatId],
      at: new Date().toISOString(),
      target: { kind: 'person', id: holder!.email },
      title: 'Logga in i Årshjul',
    });
    await database.db
      .update(t.mailOutbox)
      .set({ createdAt: new Date(Date.now() - age) })
      .where(like(t.mailOutbox.key, `${key}:%`));
    return { key, address: holder!.email };
  }
  const mailTo = (address: string) => smtp.messages.filter((m) => m.to && 'value' in m.to && m.to.value.some((v) => v.address === address));
  const rowsOf = (key: string) =>
    database.db
      .select()
      .from(t.mailOutbox)
      .where(like(t.mailOutbox.key, `${key}:%`));
  let atStart: { key: string; address: string };

  beforeAll(async () => {
    database = await createSeededDatabase();
    smtp = await catchMail();
    mailer = createMailer(smtp.url);
    // Written before any worker runs, as if the API had crashed right after writing it.
    atStart = await leftBehind('Lina Hermansson', 'signin');
    temporal = await startTemporal(database.db, `outbox-sweep-${Date.now()}`, mailer);
  });
  afterAll(async () => {
    await temporal?.stop();
    await database?.drop();
    mailer?.close();
    await smtp?.stop();
  });

  it('sends, at the worker’s start, a sign-in mail the request wrote but never handed over', async () => {
    const [row] = await eventually(async () => {
      const rows = await rowsOf(atStart.key);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    await temporal.client.workflow.getHandle(`mail/${atStart.key}`).result();
    expect(row!.attempts).toBe(1);
    expect(mailTo(atStart.address).map((m) => m.subject)).toEqual(['Logga in i Årshjul']);
  });

  it('starts one delivery per notice, however many sweeps find it, and sends it once', async () => {
    const { key, address } = await leftBehind('Oskar Lund', 'signin');
    const swept = await Promise.all([1, 2, 3].map(() => sweepOutbox(database.db, temporal.client, temporal.taskQueue)));
    expect(swept.map((keys) => keys.includes(key))).toEqual([true, true, true]);
    await temporal.client.workflow.getHandle(`mail/${key}`).result();
    expect((await sweepOutbox(database.db, temporal.client, temporal.taskQueue)).includes(key)).toBe(false);
    expect(mailTo(address)).toHaveLength(1);
    expect((await rowsOf(key)).map((r) => r.status)).toEqual(['sent']);
  });

  it('leaves a notice its request may still be handing over', async () => {
    const { key } = await leftBehind('Anna Björk', 'signin', 0);
    expect(await sweepOutbox(database.db, temporal.client, temporal.taskQueue)).not.toContain(key);
    expect((await rowsOf(key)).map((r) => r.status)).toEqual(['pending']);
  });

  it('leaves mail that a workflow delivers itself', async () => {
    const { key } = await leftBehind('Mikael Åberg', 'reminder');
    expect(await sweepOutbox(database.db, temporal.client, temporal.taskQueue)).not.toContain(key);
    expect((await rowsOf(key)).map((r) => r.status)).toEqual(['pending']);
  });
});
