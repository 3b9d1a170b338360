import { startProductionShape } from '../test/support/production-shape';
import { defaultAdminUrl } from '../test/support/global-setup';

type Report = (key: string, value: number, unit: string) => void;
type PhaseOne = (
  count: number,
  address: string,
  withBaseline: boolean,
) => Promise<{ seconds: number; children: number; bareChildrenPerS?: number }>;

/**
 * The engine stage's 311-cycle Fas I run, on Temporal's own server with PostgreSQL persistence
 * (scripts/production-shape.sh, on empty databases of its own) instead of the dev server's SQLite:
 * what the same code does when one machine's dev server is outgrown. Its floor is measured there
 * too, in the same run: bare Temporal's no-op children on the same server.
 */
export async function clusterStage(phaseOne: PhaseOne, report: Report) {
  const shape = await startProductionShape({
    port: Number(process.env.BENCH_CLUSTER_PORT ?? 7673),
    databasePrefix: 'arshjul_bench',
    adminUrl: process.env.TEST_DATABASE_URL ?? defaultAdminUrl,
  });
  try {
    // BENCH_CLUSTER_CYCLES tries the stage on fewer cycles; the figure of record is 311's.
    const count = Number(process.env.BENCH_CLUSTER_CYCLES ?? 311);
    const run = await phaseOne(count, shape.address, true);
    report(`cluster_cycles_${count}_phase1_s`, run.seconds, 's');
    report('cluster_child_workflows_per_s', run.children / run.seconds, '/s');
    report('cluster_bare_child_workflows_per_s', run.bareChildrenPerS!, '/s');
  } finally {
    await shape.drop();
  }
}
