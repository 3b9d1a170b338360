import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { COUNTY, type IndicatorRow } from '../../core/indicators';

/** Indicators and their values: written by imports and manual entry, a replaced value kept in the history. */

export const findIndicator = async (db: Db, slug: string) => (await db.select().from(t.indicators).where(eq(t.indicators.slug, slug)))[0];

export const updateIndicator = (db: Db, id: string, values: Partial<typeof t.indicators.$inferInsert>) =>
  db.update(t.indicators).set(values).where(eq(t.indicators.id, id));

export interface Provenance {
  source: string;
  retrievedAt: Date;
  retrievedBy: string | null;
}

export interface WriteCounts {
  added: number;
  changed: number;
  unchanged: number;
}

const keyOf = (v: { year: number; area: string; gender: string }) => `${v.year}|${v.area}|${v.gender}`;
const same = (a: IndicatorRow, b: IndicatorRow) => a.value === b.value && a.count === b.count && a.status === b.status;
const CHUNK = 1000;

/**
 * Writes the values in one transaction: a new key is added; a key whose value, count or status
 * differs is replaced, its old row going to the history; an equal one is left as it was, provenance
 * and all, so a re-import changes nothing. Imports of one indicator wait for each other.
 */
export async function writeIndicatorValues(db: Db, indicatorId: string, rows: IndicatorRow[], from: Provenance): Promise<WriteCounts> {
  return db.transaction(async (tx) => {
    await tx.select({ id: t.indicators.id }).from(t.indicators).where(eq(t.indicators.id, indicatorId)).for('update');
    const existing = new Map(
      (await tx.select().from(t.indicatorValues).where(eq(t.indicatorValues.indicatorId, indicatorId))).map((v) => [keyOf(v), v]),
    );
    const added: IndicatorRow[] = [];
    let changed = 0;
    for (const row of rows) {
      const old = existing.get(keyOf(row));
      if (!old) {
        added.push(row);
        continue;
      }
      if (same(old, row)) continue;
      changed++;
      const { recordedAt: _r, ...kept } = old;
      await tx.insert(t.indicatorValueHistory).values({ ...kept, replacedAt: from.retrievedAt });
      await tx
        .update(t.indicatorValues)
        .set({ value: row.value, count: row.count, status: row.status, ...from, recordedAt: from.retrievedAt })
        .where(
          and(
            eq(t.indicatorValues.indicatorId, indicatorId),
            eq(t.indicatorValues.year, row.year),
            eq(t.indicatorValues.area, row.area),
            eq(t.indicatorValues.gender, row.gender),
          ),
        );
    }
    for (let i = 0; i < added.length; i += CHUNK) {
      await tx.insert(t.indicatorValues).values(added.slice(i, i + CHUNK).map((row) => ({ ...row, ...from, indicatorId })));
    }
    return { added: added.length, changed, unchanged: rows.length - added.length - changed };
  });
}

/** Every value of an indicator, newest year first, with the name of the holder who entered or imported it. */
export const indicatorValuesOf = (db: Db, indicatorId: string) =>
  db
    .select({
      year: t.indicatorValues.year,
      area: t.indicatorValues.area,
      gender: t.indicatorValues.gender,
      value: t.indicatorValues.value,
      count: t.indicatorValues.count,
      status: t.indicatorValues.status,
      source: t.indicatorValues.source,
      retrievedAt: t.indicatorValues.retrievedAt,
      retrievedBy: t.holders.name,
    })
    .from(t.indicatorValues)
    .leftJoin(t.holders, eq(t.holders.id, t.indicatorValues.retrievedBy))
    .where(eq(t.indicatorValues.indicatorId, indicatorId))
    .orderBy(desc(t.indicatorValues.year), asc(t.indicatorValues.area), asc(t.indicatorValues.gender));

/** Values as they stood before a later import or entry replaced them, newest replacement first. */
export const indicatorHistoryOf = (db: Db, indicatorId: string) =>
  db
    .select({
      year: t.indicatorValueHistory.year,
      area: t.indicatorValueHistory.area,
      gender: t.indicatorValueHistory.gender,
      value: t.indicatorValueHistory.value,
      source: t.indicatorValueHistory.source,
      retrievedAt: t.indicatorValueHistory.retrievedAt,
      retrievedBy: t.holders.name,
      replacedAt: t.indicatorValueHistory.replacedAt,
    })
    .from(t.indicatorValueHistory)
    .leftJoin(t.holders, eq(t.holders.id, t.indicatorValueHistory.retrievedBy))
    .where(eq(t.indicatorValueHistory.indicatorId, indicatorId))
    .orderBy(desc(t.indicatorValueHistory.replacedAt), desc(t.indicatorValueHistory.id));

export const goalRefs = (db: Db) => db.select({ id: t.goals.id, number: t.goals.number, title: t.goals.title }).from(t.goals);

/** Every indicator, the goals they follow, and the county totals their targets are followed on. */
export const indicatorList = (db: Db) =>
  Promise.all([
    db.select().from(t.indicators).orderBy(asc(t.indicators.level), asc(t.indicators.name)),
    goalRefs(db),
    db
      .select({
        indicatorId: t.indicatorValues.indicatorId,
        year: t.indicatorValues.year,
        area: t.indicatorValues.area,
        gender: t.indicatorValues.gender,
        value: t.indicatorValues.value,
      })
      .from(t.indicatorValues)
      .where(and(eq(t.indicatorValues.area, COUNTY), eq(t.indicatorValues.gender, 'T'))),
  ]);
