import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client';
import { seedAll } from '../../db/seed';

export interface TestDatabase extends Database {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the real PostgreSQL server, private to one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `arshjul_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...database,
    url: url.toString(),
    async drop() {
      await database.close();
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/** A fresh database with the migrations applied and the Operation Kvinnofrid model seeded. */
export async function createSeededDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await database.migrate();
  await seedAll(database.db);
  return database;
}
