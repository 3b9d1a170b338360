import { desc, eq } from 'drizzle-orm';
import * as schema from '../../db/schema';
import type { Db } from '../../db/client';
import type { Actor } from '../../core/actor';
import { appendAudit } from '../../activities/audit';
import type { Config } from '../../config/env';
import type { Mailer } from '../../activities/mailer';
import { UserError } from '../plugins/errors';
import { sendLater } from '../mail';
import type { Ctx } from './context';

/**
 * The mail outbox, for the coordinator: every mail, its state and attempts, and marking an
 * address wrong so that no more mail goes to it.
 */
export const mailStatuses = ['pending', 'sent', 'failed', 'bounced', 'held'] as const;
export type MailStatus = (typeof mailStatuses)[number];

const loopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/**
 * Local mode: mail stays in the outbox (no SMTP_URL) and the API listens on this machine alone.
 * Only then does the outbox show what a mail says: its links sign in whoever reads them, which on
 * a laptop is its owner and on a server is anyone the coordinator's session reaches.
 */
export const outboxMode = (deps: { mailer: Pick<Mailer, 'mode'>; config: Pick<Config, 'host'> }): OutboxMode =>
  deps.mailer.mode === 'smtp' ? 'smtp' : loopback(deps.config.host) ? 'local' : 'unsent';
export const outboxIsLocal = (deps: Parameters<typeof outboxMode>[0]) => outboxMode(deps) === 'local';
/** Where mail goes: out by SMTP, nowhere but shown here (local), or nowhere and not shown. */
export type OutboxMode = 'local' | 'unsent' | 'smtp';

/** The newest 500 mails, with the holder behind each and whether their address is marked wrong. */
export function mailList({ db }: Pick<Ctx, 'db'>, status?: MailStatus) {
  return db
    .select({
      id: schema.mailOutbox.id,
      kind: schema.mailOutbox.kind,
      toName: schema.mailOutbox.toName,
      toAddress: schema.mailOutbox.toAddress,
      subject: schema.mailOutbox.subject,
      status: schema.mailOutbox.status,
      attempts: schema.mailOutbox.attempts,
      lastError: schema.mailOutbox.lastError,
      scheduledAt: schema.mailOutbox.scheduledAt,
      createdAt: schema.mailOutbox.createdAt,
      sentAt: schema.mailOutbox.sentAt,
      holderId: schema.mailOutbox.holderId,
      addressMarkedAt: schema.holders.emailInvalidAt,
    })
    .from(schema.mailOutbox)
    .leftJoin(schema.holders, eq(schema.holders.id, schema.mailOutbox.holderId))
    .where(status ? eq(schema.mailOutbox.status, status) : undefined)
    .orderBy(desc(schema.mailOutbox.createdAt))
    .limit(500);
}

/** A mail as stored. */
export type Mail = typeof schema.mailOutbox.$inferSelect;

export type MailRow = Awaited<ReturnType<typeof mailList>>[number];

/** One mail to read, in local mode (`readable`); anywhere else the bodies are not shown. */
export async function readMail({ db }: Pick<Ctx, 'db'>, id: string, readable: boolean): Promise<Mail> {
  const [mail] = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.id, id));
  if (!mail || !readable) throw new UserError(404, 'outbox.notFound');
  return mail;
}

/** The holder behind a mail, for marking their address wrong. */
export async function mailHolder({ db }: Pick<Ctx, 'db'>, id: string): Promise<{ mail: Mail; holder: schema.Holder }> {
  const [found] = await db
    .select({ mail: schema.mailOutbox, holder: schema.holders })
    .from(schema.mailOutbox)
    .innerJoin(schema.holders, eq(schema.holders.id, schema.mailOutbox.holderId))
    .where(eq(schema.mailOutbox.id, id));
  if (!found) throw new UserError(404, 'outbox.notFound');
  return found;
}

/** The coordinator marks the address a mail went to as wrong: audited once; marking it again changes nothing. */
export async function markAddressWrong(ctx: Pick<Ctx, 'db'>, actor: Actor, mailId: string): Promise<void> {
  const { holder } = await mailHolder(ctx, mailId);
  if (holder.emailInvalidAt) return;
  await ctx.db.transaction(async (tx) => {
    await tx.update(schema.holders).set({ emailInvalidAt: new Date() }).where(eq(schema.holders.id, holder.id));
    await appendAudit(
      tx as unknown as Db,
      {
        action: 'mail.addressWrong',
        actor: { ...actor, kind: 'coordinator' },
        at: new Date().toISOString(),
        detail: { seatId: holder.seatId, mail: mailId },
      },
      { kind: 'holder', id: holder.id },
    );
  });
}

/**
 * The coordinator sends a mail again, as it was written, to the address it went to: the worker
 * delivers it like any other. Audited; the body is never shown for it.
 */
export async function resendMail(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const [mail] = await ctx.db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.id, id));
  if (!mail) throw new UserError(404, 'outbox.notFound');
  await ctx.db.transaction(async (tx) => {
    await tx.update(schema.mailOutbox).set({ status: 'pending', lastError: null }).where(eq(schema.mailOutbox.id, id));
    await appendAudit(
      tx as unknown as Db,
      {
        action: 'mail.resent',
        actor: { kind: 'coordinator', seatId: actor.seatId, holderId: actor.holderId },
        at: ctx.now().toISOString(),
        detail: { seatId: mail.seatId, kind: mail.kind },
      },
      { kind: 'mail', id },
    );
  });
  // A row's notice is its key without the last part (the seat, or `bounce`): the mail workflow sends that notice's unsent rows.
  await sendLater(ctx.temporal, ctx.config.taskQueue, mail.key.slice(0, mail.key.lastIndexOf(':')));
}
