import { toLocal } from '../../core/time';

/** An instant as Stockholm wall-clock time, "2027-03-15 08:00", for readable assertions. */
export function wall(at: Date | string | null | undefined): string {
  if (!at) return '';
  const l = toLocal(new Date(at));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
}
