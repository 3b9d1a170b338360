import { readFileSync, writeFileSync } from 'node:fs';

/** A process's peak resident memory (VmHWM) in MB; this process's by default. */
export function peakRssMb(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Starts this process's peak over from its present memory (Linux: "5" to clear_refs), so the API's
 * peak is that of serving the measure, not of filling the database before it.
 */
export function resetPeakRss(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}
