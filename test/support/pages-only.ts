import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { createSeededDatabase, type TestDatabase } from './database';
import { sessionCookieFor, testApp } from './app';
import { launchChromium, signedInPage } from './browser';

export interface PagesOnly {
  database: TestDatabase;
  app: FastifyInstance;
  browser: Browser;
  base: string;
  /** Chromium, signed in as the coordinator. */
  page: Page;
  stop(): Promise<void>;
}

/**
 * The app on a fresh seeded database and Chromium signed in as the coordinator, with no Temporal
 * server behind the client: for pages that read and write PostgreSQL alone. `prepare` runs before
 * the app listens.
 */
export async function pagesOnly(name: string, prepare: (database: TestDatabase) => Promise<void> = async () => {}): Promise<PagesOnly> {
  await mkdir(new URL('../artifacts/', import.meta.url), { recursive: true });
  const database = await createSeededDatabase();
  await prepare(database);
  const app = await testApp(database.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), name);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  const page = await signedInPage(browser, base, await sessionCookieFor(app));
  const stop = async () => {
    await browser.close();
    await app.close();
    await database.drop();
  };
  return { database, app, browser, base, page, stop };
}
