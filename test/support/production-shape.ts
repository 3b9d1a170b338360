import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../../scripts/production-shape.sh', import.meta.url));
const run = promisify(execFile);

export interface ProductionShape {
  /** host:port of the Temporal frontend. */
  address: string;
  /** Stops the server and drops its databases. */
  drop(): Promise<void>;
}

/**
 * Temporal's own server on PostgreSQL (the server and role of `adminUrl`), brought up by
 * scripts/production-shape.sh on its own ports and databases. Whatever an earlier, interrupted
 * run left there is dropped first, so every run starts from empty databases.
 */
export async function startProductionShape(settings: {
  port: number;
  databasePrefix: string;
  /** A role on the PostgreSQL server that may create databases. */
  adminUrl: string;
}): Promise<ProductionShape> {
  const server = new URL(settings.adminUrl);
  const env = {
    ...process.env,
    TEMPORAL_DB_HOST: server.hostname,
    TEMPORAL_DB_PORT: server.port || '5432',
    TEMPORAL_DB_USER: decodeURIComponent(server.username),
    TEMPORAL_DB_PASSWORD: decodeURIComponent(server.password),
    TEMPORAL_SERVER_PORT: String(settings.port),
    TEMPORAL_DB: `${settings.databasePrefix}_temporal`,
    TEMPORAL_VISIBILITY_DB: `${settings.databasePrefix}_temporal_visibility`,
    TEMPORAL_NAMESPACE: 'default',
  };
  const shape = (command: string) => run('bash', [script, command], { env, maxBuffer: 16 * 1024 * 1024 });
  await shape('drop');
  const { stdout } = await shape('start');
  const address = stdout.trim().split('\n').at(-1) ?? '';
  return {
    address,
    drop: async () => {
      await shape('drop');
    },
  };
}
