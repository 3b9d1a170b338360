import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { CycleDefinitionInput } from '../../core/definition';
import { createSeededDatabase, type TestDatabase } from './database';
import { startTemporal, type TemporalHarness } from './temporal';
import { sessionCookieFor, testApp } from './app';
import { launchChromium, signedInPage } from './browser';
import { startFormCycle } from './form-records';

export interface FormInChromium {
  database: TestDatabase;
  temporal: TemporalHarness;
  app: FastifyInstance;
  browser: Browser;
  /** The listening API's origin. */
  base: string;
  /** The form step's task, open for `filler`. */
  taskId: string;
  /** A page signed in as `filler`. */
  page: Page;
  close(): Promise<void>;
}

/**
 * A form cycle started on a dev server with a fresh seeded database, the API listening, and
 * Chromium signed in as the seat that fills the form in; `close` takes all of it down, and so
 * does a failure on the way.
 */
export async function formInChromium(name: string, filler: string, definition?: CycleDefinitionInput): Promise<FormInChromium> {
  const parts: Partial<FormInChromium> = {};
  const close = async () => {
    await parts.browser?.close();
    await parts.app?.close();
    await parts.temporal?.stop();
    await parts.database?.drop();
  };
  try {
    await mkdir(new URL('../artifacts/', import.meta.url), { recursive: true });
    const database = (parts.database = await createSeededDatabase());
    const temporal = (parts.temporal = await startTemporal(database.db, `${name}-${Date.now()}`));
    const app = (parts.app = await testApp(database.db, temporal.client, temporal.taskQueue));
    const taskId = await startFormCycle(app, database.db, definition);
    const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const browser = (parts.browser = await launchChromium());
    const page = await signedInPage(browser, base, await sessionCookieFor(app, filler));
    return { database, temporal, app, browser, base, taskId, page, close };
  } catch (err) {
    await close();
    throw err;
  }
}
