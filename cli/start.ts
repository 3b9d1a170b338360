import { ConfigError, loadConfig } from '../config/env';
import { startSystem, type RunningSystem } from './system';
import { installRuntime } from '../worker/runtime';

/** `npm start`: the whole system on embedded defaults; Ctrl-C stops all of it. */
async function main() {
  const config = loadConfig();
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  installRuntime(config, verbose ? 'DEBUG' : 'WARN');
  console.log(`Årshjul starting (data in ${config.dataDir})…`);

  // Handlers first, so Ctrl-C while booting still stops what has started.
  let stopping: string | undefined;
  const booted: { system?: RunningSystem } = {};
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = signal;
    if (!booted.system) return; // the boot below sees `stopping` and stops when it is done
    console.log(`\n${signal}: stopping…`);
    await booted.system.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const system = (booted.system = await startSystem(config));
  if (stopping) {
    await system.stop();
    process.exit(0);
  }
  console.log('');
  console.log(`  Dashboard:        ${system.dashboardUrl}/`);
  console.log(`  API (OpenAPI):    ${system.dashboardUrl}/api/openapi.json`);
  console.log(`  Temporal:         ${system.temporalAddress}`);
  if (system.temporalUiUrl) console.log(`  Temporal web UI:  ${system.temporalUiUrl}`);
  console.log(
    `  Database:         ${system.database.driver === 'pglite' ? `PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
  );
  if (system.coordinatorSignin) {
    console.log('');
    console.log('  No SMTP_URL: mail stays in the outbox (/outbox). Sign in as the coordinator,');
    console.log(`  once, within 30 minutes: ${system.coordinatorSignin}`);
  }
  console.log('');
  console.log('Ready. Press Ctrl-C to stop.');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
