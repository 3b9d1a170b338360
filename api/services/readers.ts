import type { Task } from '../../db/schema';
import { seatsBesideSeats } from '../../db/queries/directory';
import type { User } from '../plugins/session';
import type { Ctx } from './context';

/**
 * Who reads a record, as docs/permissions.md sets it out: the coordinator reads everything; a
 * member reads the work of the bodies in which they hold a seat today, and their own. The routes
 * let only holders of a seat in (a former holder is nobody), so a reader always holds one.
 */
export interface Reader {
  coordinator: boolean;
  /** The seats the person holds today. */
  seatIds: ReadonlySet<string>;
  /** The bodies of those seats. */
  bodyIds: ReadonlySet<string>;
  /** Every seat of those bodies: a task of any of them is the body's work. */
  bodySeatIds: ReadonlySet<string>;
}

export async function readerOf(ctx: Ctx, user: User | null): Promise<Reader> {
  const seatIds = user?.seats.map((s) => s.seatId) ?? [];
  const beside = await seatsBesideSeats(ctx.db, seatIds);
  return {
    coordinator: user?.role === 'coordinator',
    seatIds: new Set(seatIds),
    bodyIds: new Set(beside.bodyIds),
    bodySeatIds: new Set(beside.seatIds),
  };
}

/** A task is its body's work: the bodies of its owner seats. */
export const readsTask = (reader: Reader, row: Pick<Task, 'seatId' | 'coSeatIds'>) =>
  reader.coordinator || [row.seatId, ...row.coSeatIds].some((s) => reader.bodySeatIds.has(s));

/** A decision is its deciding body's, and its voters'. */
export const readsDecision = (reader: Reader, row: { bodyId: string; voterSeatIds: readonly string[] }) =>
  reader.coordinator || reader.bodyIds.has(row.bodyId) || row.voterSeatIds.some((s) => reader.seatIds.has(s));
