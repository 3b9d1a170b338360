import { z } from 'zod';
import { FOLLOW_UP_STATUSES } from '../core/report';
import { actorSchema } from './actor';

/** The inputs of measure follow-up: the JSON API's and the pages' alike. */

export const followUpLink = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  title: z.string().trim().max(200).optional(),
});

export const followUpInput = z.strictObject({
  status: z.enum(FOLLOW_UP_STATUSES),
  links: z.array(followUpLink).max(20).default([]),
});

export const askInput = z.object({
  task: z.uuid().describe('The measure task whose owner is asked'),
  message: z.string().trim().max(2000).optional().describe("The coordinator's own words, added to the mail"),
});

export const askBody = askInput.extend({ actor: actorSchema });

const link = z.object({ url: z.string(), title: z.string().optional() });
const cell = z.object({
  taskId: z.uuid(),
  round: z.number(),
  state: z.enum(['open', 'overdue', 'done', 'skipped', 'cancelled']),
  status: z.enum(FOLLOW_UP_STATUSES).nullable(),
  text: z.string(),
  links: z.array(link),
  attachments: z.array(z.string()),
  reportedAt: z.date().nullable(),
});

export const followUpTableSchema = z.object({
  cycleId: z.string(),
  name: z.string(),
  steps: z.array(z.object({ key: z.string(), title: z.string() })),
  goals: z.array(
    z.object({
      number: z.number().nullable(),
      title: z.string().nullable(),
      measures: z.array(
        z.object({
          measureId: z.uuid(),
          code: z.string(),
          title: z.string(),
          owners: z.array(z.string()),
          cells: z.record(z.string(), cell).describe('By step key'),
        }),
      ),
    }),
  ),
});

export const followUpRecord = z.object({
  taskId: z.uuid(),
  measureId: z.uuid(),
  status: z.enum(FOLLOW_UP_STATUSES),
  links: z.array(link),
  holderId: z.uuid().nullable(),
  updatedAt: z.date(),
});
