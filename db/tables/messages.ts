import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './columns';
import { holders, locale, seats } from './register';
import { reportVersions } from './report';

/** What goes out and what is kept of it: mail, the audit, personal links, sessions. */

// ── Mail, audit, links ──
/** `held`: kept in the outbox because no SMTP server is configured (local use). */
export const mailStatus = pgEnum('mail_status', ['pending', 'sent', 'failed', 'bounced', 'held']);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** workflow id + step + seat + kind + occurrence: a retried activity finds its row. */
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    /** When the process meant the mail to go (workflow time), as opposed to when it was written. */
    scheduledAt: instant('scheduled_at'),
    toAddress: text('to_address').notNull(),
    toName: text('to_name').notNull().default(''),
    locale: locale('locale').notNull().default('sv'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    ics: text('ics'),
    /** A report version whose PDF and Word files go with the mail, read when it is sent. */
    attachReportVersionId: uuid('attach_report_version_id').references(() => reportVersions.id),
    status: mailStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [index('mail_outbox_status_idx').on(t.status, t.createdAt)],
);

export const actorKind = pgEnum('actor_kind', ['system', 'coordinator', 'holder', 'link', 'api']);
/** Which way a person's action came in: a page's form, the JSON API, or a link in a mail. */
export const door = pgEnum('door', ['page', 'api', 'link']);

/** Append-only: who, what, when, from where. Never a token, never a mail body. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Set by workflow activities (workflow id + step) so a retry records nothing twice. */
    dedupeKey: text('dedupe_key').unique(),
    at: instant('at').notNull().defaultNow(),
    actorKind: actorKind('actor_kind').notNull(),
    actorSeatId: uuid('actor_seat_id').references(() => seats.id),
    actorHolderId: uuid('actor_holder_id').references(() => holders.id),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    /** Empty for what the system did by itself. */
    door: door('door'),
    ip: text('ip'),
    userAgentClass: text('user_agent_class'),
    detail: jsonb('detail')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_events_target_idx').on(t.targetKind, t.targetId, t.at)],
);

/**
 * Addresses in personal links that match no link, counted per day and (truncated) client address:
 * a probe is a number here, not one audit row per guess.
 */
export const linkProbes = pgTable(
  'link_probes',
  {
    day: date('day').notNull(),
    address: text('address').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.address] })],
);

/** A link in an e-mail: only the SHA-256 of the token is stored. */
export const linkTokens = pgTable(
  'link_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    supersededAt: instant('superseded_at'),
    result: jsonb('result'),
    createdAt: createdAt(),
  },
  (t) => [index('link_tokens_target_idx').on(t.targetKind, t.targetId)],
);

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is kept, so a copy of
 * this table signs nobody in. A row ends when it is revoked or its `expires_at` passes.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The holder's work address: seats are looked up on each request, so a former holder holds none. */
    email: text('email').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('sessions_email_idx').on(t.email)],
);

export type LinkToken = typeof linkTokens.$inferSelect;
export type MailRow = typeof mailOutbox.$inferSelect;
export type Session = typeof sessions.$inferSelect;
