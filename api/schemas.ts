import { z } from 'zod';
import { stockholmInstant } from '../core/time';

/** A deadline: an ISO instant with offset, or a date meaning the end of that day in Stockholm. */
const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();
export const dueInput = z
  .string()
  .refine((v) => instant.safeParse(v).success || day.safeParse(v).success, { params: { i18n: 'input.due' } })
  .describe('ISO 8601 instant with offset, or a date (end of that day, Europe/Stockholm)');

export function dueToInstant(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return stockholmInstant({ year, month, day }, 23, 59);
  }
  return new Date(value);
}

export const reason = z.string().trim().min(1).max(2000);

export const attachment = z.object({
  name: z.string().trim().min(1).max(200),
  url: z.url().max(2000).optional(),
  size: z.number().int().nonnegative().optional(),
});

export const uuidParams = z.object({ id: z.uuid() });
