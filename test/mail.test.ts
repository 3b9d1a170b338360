import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import ical from 'node-ical';
import * as t from '../db/schema';
import { createMailer } from '../activities/mailer';
import { deliverNotice } from '../activities/delivery';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;

/** Mail through a real SMTP server: rendered, sent once, retried while the server is down. */
describe('task mail', () => {
  let sim: MailSimulation;

  beforeAll(async () => {
    sim = await simulateWithMail();
  });
  afterAll(async () => sim?.stop());

  const startTask = async (seat: string, title: string, dueAt = '2027-03-31') => {
    const res = await injectAs(sim.app, { method: 'POST', url: '/api/tasks', payload: { seat, title, dueAt, actor: coordinator } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; workflowId: string }>();
  };
  const outbox = (workflowId: string) =>
    sim.db
      .select()
      .from(t.mailOutbox)
      .where(like(t.mailOutbox.key, `${workflowId}:%`));
  const mailTo = (address: string) =>
    sim.smtp.messages.filter((m) => m.to && 'value' in m.to && m.to.value.some((v) => v.address === address));
  const tokenless = (s: string) => s.replace(/\/l\/[A-Za-z0-9_-]{43}/g, '/l/<token>');

  it('sends a new task once, in Swedish, with a personal link and the deadline as a calendar file', async () => {
    const task = await startTask('samordningsgrupp/polisen', 'Behovsinventering 2027');
    const [mail] = await eventually(async () => {
      const m = mailTo('sara.lindgren@polisen.example.org');
      return m.length ? m : undefined;
    });
    expect(mail!.subject).toBe('Ny uppgift: Behovsinventering 2027, senast 31 mars 2027');
    expect(tokenless(mail!.text!)).toMatchSnapshot('task mail, Swedish text');
    expect(mail!.html).toContain('<html lang="sv">');
    expect(mail!.html).toMatch(/href="http:\/\/localhost:3000\/l\/[A-Za-z0-9_-]{43}"/);
    const calendar = mail!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const events = Object.values(ical.sync.parseICS(calendar!.content.toString())).filter((e) => e?.type === 'VEVENT');
    expect(events).toHaveLength(1);
    const event = events[0] as ical.VEvent;
    expect(event.summary).toBe('Senast: Behovsinventering 2027');
    expect(event.start.dateOnly).toBe(true);
    expect([event.start.getFullYear(), event.start.getMonth() + 1, event.start.getDate()]).toEqual([2027, 3, 31]);

    const [row] = await outbox(task.workflowId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, toAddress: 'sara.lindgren@polisen.example.org' });
    const links = await sim.db.select().from(t.linkTokens).where(eq(t.linkTokens.targetId, task.id));
    expect(links).toHaveLength(1);
    expect(links[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mail!.text).not.toContain(links[0]!.tokenHash);
  });

  it('writes in English to a holder who reads English', async () => {
    await startTask('arbetsgrupp-kunskap/storsthlm', 'Knowledge review', '2027-04-15');
    const [mail] = await eventually(async () => {
      const m = mailTo('oskar.lund@storsthlm.example.org');
      return m.length ? m : undefined;
    });
    expect(mail!.subject).toBe('New task: Knowledge review, due 15 April 2027');
    expect(tokenless(mail!.text!)).toMatchSnapshot('task mail, English text');
    expect(mail!.html).toContain('<html lang="en">');
  });

  it('retries while the SMTP server is down and then delivers exactly once', async () => {
    await sim.smtp.stop();
    const task = await startTask('samordningsgrupp/kriminalvarden', 'Halvårsrapport');
    const failed = await eventually(async () => {
      const [row] = await outbox(task.workflowId);
      return row && row.attempts >= 2 ? row : undefined;
    });
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(mailTo('mikael.aberg@kriminalvarden.example.org')).toHaveLength(0);

    // Work goes on while the mail waits: completing the task does not wait for SMTP (were it
    // to, this request would hang until the server below comes back).
    const done = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      payload: { report: 'Klart.', actor: { kind: 'seat', seat: 'samordningsgrupp/kriminalvarden' } },
    });
    expect(done.statusCode, done.body).toBe(200);

    await sim.smtp.start();
    const sent = await eventually(async () => {
      const [row] = await outbox(task.workflowId);
      return row?.status === 'sent' ? row : undefined;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
    expect(mailTo('mikael.aberg@kriminalvarden.example.org')).toHaveLength(1);

    // Running the delivery again (a retried or duplicated activity) sends nothing more.
    const again = await deliverNotice(sim.db, createMailer(sim.smtp.url), 'arshjul@example.org', `${task.workflowId}:task:1`);
    expect(again).toEqual({ sent: 0, held: 0, bounced: [] });
    expect(mailTo('mikael.aberg@kriminalvarden.example.org')).toHaveLength(1);
  }, 180_000);

  it('marks a refused address, stops retrying it, and tells the coordinator', async () => {
    sim.smtp.refuse.add('peter.hedlund@aklagarmyndigheten.example.org');
    const task = await startTask('samordningsgrupp/aklagarmyndigheten', 'Uppföljning');
    const bounced = await eventually(async () => {
      const rows = await outbox(task.workflowId);
      return rows.find((r) => r.status === 'bounced');
    });
    expect(bounced.attempts).toBe(1);
    const [holder] = await sim.db.select().from(t.holders).where(eq(t.holders.email, 'peter.hedlund@aklagarmyndigheten.example.org'));
    expect(holder!.emailInvalidAt).toBeInstanceOf(Date);
    const [told] = await eventually(async () => {
      const m = mailTo('ulrika.strand@lansstyrelsen.example.org').filter((x) => x.subject?.startsWith('E-post kom i retur'));
      return m.length ? m : undefined;
    });
    expect(told!.subject).toBe('E-post kom i retur: peter.hedlund@aklagarmyndigheten.example.org');
    expect(told!.text).toContain('samordningsgrupp/aklagarmyndigheten');
  });
});
