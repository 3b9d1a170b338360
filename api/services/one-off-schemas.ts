import { z } from 'zod';
import { SLUG } from '../../core/definition';
import { dueInput } from '../schemas';
import { optional, required } from './register-schemas';

/** What the one-off decision and task doors take, as JSON and from the pages' forms (whose fields all arrive as text). */

const slug = z.string().trim().max(60).regex(SLUG);
const text = (max: number) => required(z.string().trim().min(1).max(max));
const longText = optional(z.string().trim().max(5000));

const createBody = z.object({
  name: text(200),
  slug: optional(slug).describe('The new body’s key; from the name when left out'),
  description: optional(z.string().trim().max(2000)),
  convenor: optional(slug).describe('The convening organisation’s key'),
});

/** What approval does: nothing, set up a working group, or reopen a submitted form. */
export const effectInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  createBody.extend({ kind: z.literal('createBody') }),
  z.object({ kind: z.literal('reopenForm'), formId: z.uuid() }),
]);

const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('majority') }),
  z.object({ kind: z.literal('quorum'), quorum: z.number().int().min(1).max(100) }),
]);

export const decisionInput = z.object({
  body: required(slug).default('styrgrupp').describe('The deciding body’s key; the styrgrupp when left out'),
  title: text(300),
  question: text(5000),
  rule: rule.optional().describe('Majority when left out'),
  dueAt: required(dueInput),
  effect: effectInput.default({ kind: 'none' }),
});

export const oneOffKinds = ['budget', 'initiative', 'workingGroup'] as const;

/** The dashboard's form: the working group's fields count only for that kind of request. */
export const decisionForm = decisionInput
  .omit({ effect: true, rule: true })
  .extend({
    kind: required(z.enum(oneOffKinds)),
    effect: z
      .object({ name: optional(z.string().trim().max(200)), slug: optional(slug), description: longText, convenor: optional(slug) })
      .optional(),
  })
  .refine((f) => f.kind !== 'workingGroup' || Boolean(f.effect?.name), {
    path: ['effect', 'name'],
    params: { i18n: 'oneoff.nameRequired' },
  });

export const taskInput = z.object({
  seat: optional(z.string().trim().min(1).max(200)).describe('Seat id or slug, e.g. samordningsgrupp/polisen; or give a body'),
  body: optional(slug).describe('A body’s key: one task to each of its current seats'),
  title: z.string().trim().min(1).max(300),
  instructions: z.string().max(5000).optional(),
  dueAt: required(dueInput),
});
