import type { TestProject } from 'vitest/node';
import { startProductionShape, type ProductionShape } from '../support/production-shape';
import { defaultAdminUrl } from '../support/global-setup';

let shape: ProductionShape | undefined;

/** Temporal's own server on PostgreSQL instead of the dev server, for the production tests. */
export async function setup(project: TestProject) {
  shape = await startProductionShape({ port: Number(process.env.PRODUCTION_TEST_PORT ?? 7653), databasePrefix: 'arshjul_production_test' });
  project.provide('temporalAddress', shape.address);
  project.provide('postgresAdminUrl', process.env.TEST_DATABASE_URL ?? defaultAdminUrl);
}

export async function teardown() {
  await shape?.drop();
}
