import type { Db } from '../db/client';
import * as t from '../db/schema';
import type { Actor } from '../core/actor';

export interface AuditEvent {
  /** Set by workflow activities (workflow id + step); requests leave it out. */
  dedupeKey?: string;
  action: string;
  actor: Actor;
  at: string;
  detail?: Record<string, unknown>;
  ip?: string;
  userAgentClass?: string;
}

const actorKind = (a: Actor): (typeof t.actorKind.enumValues)[number] =>
  a.kind === 'system' ? 'system' : a.kind === 'coordinator' ? 'coordinator' : a.viaLink ? 'link' : 'holder';

/** Append-only; the dedupe key makes a retried activity record the event once. */
export async function appendAudit(db: Db, e: AuditEvent, target: { kind: string; id: string }): Promise<void> {
  await db
    .insert(t.auditEvents)
    .values({
      dedupeKey: e.dedupeKey ?? null,
      at: new Date(e.at),
      actorKind: actorKind(e.actor),
      actorSeatId: e.actor.seatId ?? null,
      actorHolderId: e.actor.holderId ?? null,
      action: e.action,
      targetKind: target.kind,
      targetId: target.id,
      detail: e.detail ?? {},
      ip: e.ip ?? null,
      userAgentClass: e.userAgentClass ?? null,
    })
    .onConflictDoNothing({ target: t.auditEvents.dedupeKey });
}
