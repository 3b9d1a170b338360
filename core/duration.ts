/** Durations in definitions: a whole number of days or weeks ("14d", "2w"). */
export const DURATION = /^(\d{1,3})([dw])$/;

export function durationDays(spec: string): number {
  const m = DURATION.exec(spec);
  if (!m) throw new Error(`not a duration: ${spec}`);
  return Number(m[1]) * (m[2] === 'w' ? 7 : 1);
}

export const DAY_MS = 86_400_000;
