import type { TestProject } from 'vitest/node';
import { startProductionShape, type ProductionShape } from '../support/production-shape';
import { defaultAdminUrl } from '../support/global-setup';

let shape: ProductionShape | undefined;

/** Temporal's own server on PostgreSQL instead of the dev server, for the production tests. */
export async function setup(project: TestProject) {
  // PRODUCTION_TEST_PORT moves a second run on one machine to ports and databases of its own.
  const port = Number(process.env.PRODUCTION_TEST_PORT ?? 7653);
  const adminUrl = process.env.TEST_DATABASE_URL ?? defaultAdminUrl;
  shape = await startProductionShape({ port, databasePrefix: `arshjul_production_test_${port}`, adminUrl });
  project.provide('temporalAddress', shape.address);
  project.provide('postgresAdminUrl', adminUrl);
}

export async function teardown() {
  await shape?.drop();
}
