import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createMailer } from '../activities/mailer';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { injectAs, signedInAs, testApp } from './support/app';
import { coordinatorSeat } from '../db/queries/directory';

const LINK = `http://localhost:3000/l/${'A'.repeat(43)}`;

/**
 * Mail bodies carry sign-in links: the outbox shows them only in local mode (no SMTP_URL, the API
 * on loopback alone). Elsewhere it shows that a mail was sent, and offers to send it again.
 */
describe('the outbox in local mode and elsewhere', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let local: FastifyInstance;
  let server: FastifyInstance;
  let smtp: FastifyInstance;
  let mail: t.MailRow;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `outbox-modes-${Date.now()}`);
    const app = (settings: Parameters<typeof testApp>[5], mailer = createMailer(undefined)) =>
      testApp(database.db, temporal.client, temporal.taskQueue, mailer, undefined, settings);
    local = await app({ host: '127.0.0.1' });
    server = await app({ host: '0.0.0.0' });
    // Never used to send: the API only writes the outbox, the worker sends.
    smtp = await app({ host: '127.0.0.1' }, createMailer('smtp://127.0.0.1:2525'));
    const seat = (await coordinatorSeat(database.db))!;
    const [row] = await database.db
      .insert(t.mailOutbox)
      .values({
        key: `signin:test:1:${seat.id}`,
        kind: 'signin',
        seatId: seat.id,
        toAddress: 'ulrika.strand@lansstyrelsen.example.org',
        toName: 'Ulrika Strand',
        subject: 'Logga in i Årshjul',
        text: `Logga in: ${LINK}`,
        status: 'held',
      })
      .returning();
    mail = row!;
  });
  afterAll(async () => {
    for (const app of [local, server, smtp]) await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const page = (app: FastifyInstance, url: string) => injectAs(app, { method: 'GET', url });

  it('in local mode says so, and shows a mail with its link', async () => {
    const outbox = await page(local, '/outbox');
    expect(outbox.body).toContain('Lokalt läge');
    expect(outbox.body).toContain(`href="/outbox/${mail.id}"`);
    expect((await page(local, '/outbox?lang=en')).body).toContain('Local mode');
    const one = await page(local, `/outbox/${mail.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain(LINK);
  });

  it('on a server without SMTP shows who got what and when, never the body', async () => {
    const outbox = await page(server, '/outbox');
    expect(outbox.body).not.toContain('Lokalt läge');
    expect(outbox.body).toContain('Ulrika Strand');
    expect(outbox.body).toContain('Logga in i Årshjul');
    expect(outbox.body).not.toContain(`href="/outbox/${mail.id}"`);
    expect(outbox.body).not.toContain(LINK);
    expect((await page(server, `/outbox/${mail.id}`)).statusCode).toBe(404);
  });

  it('with SMTP shows no body either, even on loopback', async () => {
    expect((await page(smtp, '/outbox')).body).not.toContain('Lokalt läge');
    expect((await page(smtp, `/outbox/${mail.id}`)).statusCode).toBe(404);
  });

  it('outside local mode offers to send a mail again; the worker sends it, and the audit records it', async () => {
    expect((await page(server, '/outbox')).body).toContain(`action="/outbox/${mail.id}/resend?lang=sv"`);
    expect((await page(local, '/outbox')).body).not.toContain('/resend');
    const coordinator = await signedInAs(server);
    const resent = await server.inject({
      method: 'POST',
      url: `/outbox/${mail.id}/resend?lang=sv`,
      headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(coordinator.csrf)}`,
    });
    expect(resent.statusCode).toBe(303);
    expect(resent.headers.location).toBe('/outbox?lang=sv&done=resent');
    await temporal.client.workflow.getHandle('mail/signin:test:1').result();
    const [row] = await database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.id, mail.id));
    expect(row!.status).toBe('held');
    const audited = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'mail.resent'), eq(t.auditEvents.targetId, mail.id)));
    expect(audited).toHaveLength(1);
  });

  it('lets only the coordinator send a mail again', async () => {
    const member = await signedInAs(server, 'samordningsgrupp/polisen');
    const refused = await server.inject({
      method: 'POST',
      url: `/outbox/${mail.id}/resend`,
      headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(member.csrf)}`,
    });
    expect(refused.statusCode).toBe(403);
  });
});
