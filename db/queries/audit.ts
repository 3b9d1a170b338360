import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/** The audit's events from one instant up to (not including) another, oldest first, with who acted. */
export function auditEventsBetween(db: Db, from: Date, until: Date) {
  return db
    .select({
      at: t.auditEvents.at,
      action: t.auditEvents.action,
      actorKind: t.auditEvents.actorKind,
      seat: t.seats.slug,
      holder: t.holders.name,
      targetKind: t.auditEvents.targetKind,
      targetId: t.auditEvents.targetId,
      ip: t.auditEvents.ip,
      detail: t.auditEvents.detail,
    })
    .from(t.auditEvents)
    .leftJoin(t.seats, eq(t.seats.id, t.auditEvents.actorSeatId))
    .leftJoin(t.holders, eq(t.holders.id, t.auditEvents.actorHolderId))
    .where(and(gte(t.auditEvents.at, from), lt(t.auditEvents.at, until)))
    .orderBy(asc(t.auditEvents.at), asc(t.auditEvents.id));
}
