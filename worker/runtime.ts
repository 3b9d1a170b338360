import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Config } from '../config/env';

/**
 * Temporal's native runtime, installed once before any worker connects: its log level, and when
 * WORKER_METRICS_ADDRESS is set, its own Prometheus endpoint (`http://<address>/metrics`: task
 * slots, poll and schedule-to-start latencies, sticky cache hits), served by the runtime itself.
 */
export function installRuntime(config: Pick<Config, 'workerMetricsAddress'>, level: LogLevel): void {
  Runtime.install({
    logger: new DefaultLogger(level),
    ...(config.workerMetricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.workerMetricsAddress } } } } : {}),
  });
}
