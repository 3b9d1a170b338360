import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { ensureTemporalCli, startDevServer, type DevServer } from '../../cli/temporal-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    postgresAdminUrl: string;
  }
}

/** Role and server that .ci/run prepares; override with TEST_DATABASE_URL. */
export const defaultAdminUrl = 'postgres://arshjul:arshjul@127.0.0.1:5432/postgres';

let devServer: DevServer | undefined;

/** One real Temporal dev server for the run, and a PostgreSQL server every test file uses. */
export async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? defaultAdminUrl;
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl.replace(/:[^:@/]+@/, ':***@')} (${String(err)}). ` +
        'Run `bash .ci/run` once, or set TEST_DATABASE_URL to a role that may create databases.',
      { cause: err },
    );
  } finally {
    await sql.end();
  }

  devServer = await startDevServer({ cli: ensureTemporalCli(), namespace: 'default' });
  project.provide('temporalAddress', devServer.address);
  project.provide('postgresAdminUrl', adminUrl);
}

export async function teardown() {
  await devServer?.stop();
}
