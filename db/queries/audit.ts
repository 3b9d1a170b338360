import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/** Audit events with who acted: their seat's slug and their name. */
const withActors = (db: Db) =>
  db
    .select({
      at: t.auditEvents.at,
      action: t.auditEvents.action,
      actorKind: t.auditEvents.actorKind,
      seat: t.seats.slug,
      holder: t.holders.name,
      door: t.auditEvents.door,
      targetKind: t.auditEvents.targetKind,
      targetId: t.auditEvents.targetId,
      ip: t.auditEvents.ip,
      detail: t.auditEvents.detail,
    })
    .from(t.auditEvents)
    .leftJoin(t.seats, eq(t.seats.id, t.auditEvents.actorSeatId))
    .leftJoin(t.holders, eq(t.holders.id, t.auditEvents.actorHolderId))
    .$dynamic();
export type AuditRow = Awaited<ReturnType<typeof withActors>>[number];

/** The audit's events from one instant up to (not including) another, oldest first. */
export const auditEventsBetween = (db: Db, from: Date, until: Date) =>
  withActors(db)
    .where(and(gte(t.auditEvents.at, from), lt(t.auditEvents.at, until)))
    .orderBy(asc(t.auditEvents.at), asc(t.auditEvents.id));

/** The latest events, newest first. */
export const latestAuditEvents = (db: Db, limit: number) =>
  withActors(db).orderBy(desc(t.auditEvents.at), desc(t.auditEvents.id)).limit(limit);
