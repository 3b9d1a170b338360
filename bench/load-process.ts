/**
 * Runs one autocannon load from a spec (bench/load.ts's LoadSpec) read on stdin and prints
 * { p50, p99, rps } on stdout. Throughput is requests over the whole run's seconds.
 */
import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';
import type { LoadSpec } from './load';

const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
let next = 0;
const result = await autocannon({
  url: spec.origin,
  connections: spec.connections,
  amount: spec.amount,
  requests: [
    {
      method: spec.method ?? 'GET',
      setupRequest: (request) => {
        const i = next++;
        return {
          ...request,
          path: spec.paths[i % spec.paths.length]!,
          headers: {
            ...spec.headers,
            ...(spec.bodies ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            ...(spec.cookies ? { cookie: spec.cookies[i % spec.cookies.length]! } : {}),
          },
          ...(spec.bodies ? { body: spec.bodies[i % spec.bodies.length] } : {}),
        };
      },
    },
  ],
});
const expected = new Set((spec.expect ?? [200]).map(String));
const wrong = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !expected.has(code));
if (result.errors || result.timeouts || wrong.length) {
  console.error(`errors ${result.errors}, timeouts ${result.timeouts}, statuses ${JSON.stringify(result.statusCodeStats)}`);
  process.exit(1);
}
console.log(JSON.stringify({ p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.total / result.duration }));
