import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/client';
import * as t from '../db/schema';
import { isEmpty, seedAll } from '../db/seed';
import * as kvinnofrid from '../db/seed/kvinnofrid';
import { createTestDatabase, type TestDatabase } from './support/database';

const tables = [
  t.organisations,
  t.bodies,
  t.seats,
  t.holders,
  t.strategies,
  t.goals,
  t.actionPlans,
  t.measures,
  t.measureOwners,
  t.indicators,
];

async function counts(database: Database) {
  return Promise.all(tables.map(async (table) => (await database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n));
}

describe.each([
  ['PGlite', async () => openDatabase({ dataDir: 'memory://' }), async (d: Database) => d.close()],
  ['PostgreSQL', createTestDatabase, async (d: Database) => (d as TestDatabase).drop()],
] as const)('on %s', (_name, open, dispose) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
    await database.migrate();
  });
  afterAll(async () => dispose(database));

  it('migrates a fresh database, and migrating again changes nothing', async () => {
    await database.migrate();
    // postgres.js returns the rows, PGlite an object holding them.
    const result: unknown = await database.db.execute(
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
    // Every table of the schema, from the first migration to indicator value history in 0012.
    expect(rows[0]!.n).toBe(37);
  });

  it('seeds the Operation Kvinnofrid model, and seeding twice duplicates nothing', async () => {
    expect(await isEmpty(database.db)).toBe(true);
    await seedAll(database.db);
    const first = await counts(database);
    await seedAll(database.db);
    expect(await counts(database)).toEqual(first);
    expect(await isEmpty(database.db)).toBe(false);

    const [orgs, , seats] = first;
    expect(orgs).toBe(kvinnofrid.organisations.length);
    expect(seats).toBe(kvinnofrid.bodies.flatMap((b) => b.seats).length);
    const parties = await database.db.select().from(t.organisations).where(eq(t.organisations.participation, 'party'));
    expect(parties.map((p) => p.shortName).sort()).toEqual(
      ['Kriminalvården', 'Länsstyrelsen', 'Polisen', 'Region Stockholm', 'Stockholms stad', 'Storsthlm', 'Åklagarmyndigheten'].sort(),
    );
    const goals = await database.db.select().from(t.goals);
    expect(goals.map((g) => g.number).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const measures = await database.db.select().from(t.measures);
    expect(measures.length).toBeGreaterThan(8);
    expect(measures.every((m) => m.example)).toBe(true);
    const holders = await database.db.select().from(t.holders);
    expect(holders.every((h) => /@([a-z-]+\.)?example\.org$/.test(h.email))).toBe(true);
  });

  it('convenes the styrgrupp from Länsstyrelsen and lets the coordinator chair the samordningsgrupp', async () => {
    const [styrgrupp] = await database.db
      .select({ convenor: t.organisations.slug })
      .from(t.bodies)
      .innerJoin(t.organisations, eq(t.organisations.id, t.bodies.convenorOrganisationId))
      .where(eq(t.bodies.slug, 'styrgrupp'));
    expect(styrgrupp!.convenor).toBe('lansstyrelsen');
    const [chair] = await database.db.select().from(t.seats).where(eq(t.seats.slug, 'samordningsgrupp/ordforande'));
    expect(chair!.mandate).toBe('chair');
  });

  it('keeps instants exact through timestamptz', async () => {
    const [seat] = await database.db.select().from(t.seats).limit(1);
    const dueAt = new Date('2027-03-31T21:59:00.123Z');
    await database.db.insert(t.tasks).values({
      id: '00000000-0000-4000-8000-000000000001',
      workflowId: 'task/test/timestamps',
      seatId: seat!.id,
      title: 'timestamps',
      dueAt,
    });
    const [row] = await database.db.select().from(t.tasks).where(eq(t.tasks.workflowId, 'task/test/timestamps'));
    expect(row!.dueAt).toBeInstanceOf(Date);
    expect(row!.dueAt.toISOString()).toBe(dueAt.toISOString());
  });

  it('keeps the audit append-only: an UPDATE, a DELETE or a TRUNCATE is refused, and the row stays', async () => {
    await database.db.insert(t.auditEvents).values({ action: 'test.append-only', actorKind: 'system', targetKind: 'test', targetId: 'x' });
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await database.db.execute(statement).then(
        () => undefined,
        (e: unknown) => e as { message?: string; cause?: { message?: string } },
      );
      return `${error?.message ?? ''} ${error?.cause?.message ?? ''}`;
    };
    expect(await refused(sql`update audit_events set action = 'changed' where action = 'test.append-only'`)).toContain('append-only');
    expect(await refused(sql`delete from audit_events where action = 'test.append-only'`)).toContain('append-only');
    expect(await refused(sql`truncate audit_events`)).toContain('append-only');
    const rows = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'test.append-only'));
    expect(rows).toHaveLength(1);
  });
});
