import { z } from 'zod';

/** What the signed-in pages' forms and addresses share. */

const doneWords = [
  'started',
  'skipped',
  'cancelled',
  'completed',
  'extended',
  'reassigned',
  'resent',
  'voted',
  'uploaded',
  'partSaved',
] as const;
/** A page's language, and what the reader just did there, to confirm. */
export const pageQuery = z.object({ lang: z.enum(['sv', 'en']).optional(), done: z.enum(doneWords).optional() });
export const csrf = z.string().max(200);
export const reasonField = z.string().trim().min(1).max(2000);

/** A task's or decision's audit events and the mail sent about it. */
export const historyApi = z.object({
  history: z.array(
    z.object({
      at: z.date(),
      action: z.string(),
      targetKind: z.string(),
      targetId: z.string(),
      actorKind: z.string(),
      actorName: z.string().nullable(),
      detail: z.unknown(),
    }),
  ),
  mail: z.array(z.unknown()),
});
