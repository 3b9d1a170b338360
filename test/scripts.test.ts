import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from './support/database';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

/** Every `npm run` script names files that exist, and the database scripts do what they say. */
describe('npm scripts', () => {
  it('name only files that exist', () => {
    const missing = Object.entries(pkg.scripts).flatMap(([name, command]) =>
      [...command.matchAll(/(?:^|\s)([\w./-]+\.(?:ts|sh|js))(?=\s|$)/g)]
        .map((m) => m[1]!)
        .filter((file) => !existsSync(`${root}${file}`))
        .map((file) => `${name}: ${file}`),
    );
    expect(missing).toEqual([]);
  });

  describe('migrate and seed, against an empty PostgreSQL database', () => {
    let database: TestDatabase;
    const npm = (script: string) =>
      run('npm', ['run', '--silent', script], { cwd: root, env: { ...process.env, DATABASE_URL: database.url } });
    const tables = async () => {
      const result: unknown = await database.db.execute(
        sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
      );
      return ((result as { rows?: { n: number }[] }).rows ?? (result as { n: number }[]))[0]!.n;
    };

    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => database?.drop());

    it('npm run migrate creates the schema', async () => {
      expect(await tables()).toBe(0);
      const { stdout } = await npm('migrate');
      expect(stdout).toContain('Migrated the PostgreSQL server.');
      expect(await tables()).toBe(37);
    });

    it('npm run seed fills an empty database once, and leaves one with records alone', async () => {
      expect((await npm('seed')).stdout).toContain('Seeded the Operation Kvinnofrid model.');
      expect((await npm('seed')).stdout).toContain('The database already holds records: nothing seeded.');
    });
  });
});
