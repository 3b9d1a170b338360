import { z } from 'zod';
import { reason } from './schemas';

/** The inputs and answers of the cycle doors: the JSON API's and the pages' alike. */

export const definitionKey = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
export const year = z.coerce.number().int().min(2000).max(2100);
export const cycleParams = z.object({ definition: definitionKey, year });
export const keyParams = z.object({ key: definitionKey });

/** A year started late: at a later phase, or with passed deadlines moved to `days` days from today. */
export const lateStart = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fromPhase'), phase: z.string().min(1).max(100), reason }),
  z.object({ mode: z.literal('redate'), days: z.coerce.number().int().min(1).max(90) }),
]);

export const startBody = z.object({
  definition: definitionKey,
  year,
  version: z.int().min(1).max(100_000).optional().describe('Defaults to the latest version'),
  start: lateStart.optional().describe('How to start a year whose deadlines have partly passed (the preview lists them)'),
});

/** A step to skip, and why. */
export const skipBody = z.object({ step: z.string().min(1).max(100), reason });

export const issue = z.object({ path: z.string(), message: z.string() });
export const definitionSummary = z.object({ id: z.uuid(), key: z.string(), version: z.number(), name: z.string(), createdAt: z.date() });

export const cycleStatusName = z.enum(['running', 'completed', 'cancelled', 'failed']);
export const cycleRow = z.object({
  id: z.string(),
  definitionId: z.uuid(),
  year: z.number(),
  status: cycleStatusName,
  currentPhase: z.string().nullable(),
  steps: z.unknown(),
  startedAt: z.date(),
  closedAt: z.date().nullable(),
  closeReason: z.string().nullable(),
  updatedAt: z.date(),
});

export const passedStep = z.object({
  stepKey: z.string(),
  phaseKey: z.string(),
  title: z.string(),
  dueAt: z.string().optional(),
  remindAt: z.array(z.string()),
  escalations: z.array(z.string()),
});

const host = z.object({ slug: z.string(), name: z.string() }).nullable();
export const meetingsOfYear = z.object({
  bodySlug: z.string(),
  title: z.string(),
  hosting: z.enum(['rotating', 'convenor']),
  meetings: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), passed: z.boolean(), host })),
});

export const scheduleState = z.object({
  enabled: z.boolean(),
  month: z.int().min(1).max(12).optional(),
  day: z.int().min(1).max(31).optional(),
  nextStart: z.date().optional(),
});
