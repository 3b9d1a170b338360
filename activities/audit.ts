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
  const { actor } = e;
  // A link used by someone else names both: the holder acts, and the one signed in is kept beside.
  const detail = actor.signedInAs ? { ...e.detail, signedInAs: actor.signedInAs } : (e.detail ?? {});
  await db
    .insert(t.auditEvents)
    .values({
      dedupeKey: e.dedupeKey ?? null,
      at: new Date(e.at),
      actorKind: actorKind(actor),
      actorSeatId: actor.seatId ?? null,
      actorHolderId: actor.holderId ?? null,
      action: e.action,
      targetKind: target.kind,
      targetId: target.id,
      detail,
      door: actor.door ?? (actor.viaLink ? 'link' : null),
      ip: e.ip ?? actor.ip ?? null,
      userAgentClass: e.userAgentClass ?? null,
    })
    .onConflictDoNothing({ target: t.auditEvents.dedupeKey });
}
