import { z } from 'zod';
import { FIELD_KEY } from '../core/form-fields';
import { actorSchema } from './actor';
import { csrf } from './page-schemas';

/** What the form routes take and give. */

export const formQuery = z.object({
  lang: z.enum(['sv', 'en']).optional(),
  done: z.enum(['saved', 'submitted', 'resent']).optional(),
  /** A repeating group the reader just added a row to. */
  add: z.string().regex(FIELD_KEY).optional(),
});

/** The page's form: its buttons and its `v.<path>` fields, every value text as a browser sends it. */
export const formPageBody = z
  .object({
    _csrf: csrf,
    action: z
      .string()
      .max(200)
      .regex(/^(save|submit|add:[a-zA-Z0-9]+)$/)
      .default('save'),
  })
  .catchall(z.string().max(400_000));

export const formDraftBody = z.object({
  values: z.record(z.string().max(60), z.unknown()),
  actor: actorSchema.optional(),
});
export const formSubmitBody = z.object({ actor: actorSchema.optional() }).optional();

const stamp = z.string();
export const formSaved = z.object({ id: z.uuid(), state: z.literal('draft'), changed: z.array(z.string()) });
export const formSubmitted = z.object({ id: z.uuid(), state: z.literal('submitted'), version: z.int() });
export const formJson = z.object({
  id: z.uuid(),
  definition: z.string(),
  year: z.int(),
  step: z.string(),
  seat: z.string(),
  organisation: z.string().nullable(),
  version: z.int(),
  state: z.enum(['draft', 'awaiting_signature', 'signed', 'submitted', 'superseded']),
  fields: z.array(z.record(z.string(), z.unknown())),
  values: z.record(z.string(), z.unknown()),
  contentSha256: z.string(),
  submittedAt: stamp.nullable(),
  signatures: z.array(
    z.object({
      outcome: z.enum(['signed', 'refused']),
      reason: z.string().nullable(),
      contentSha256: z.string(),
      at: stamp,
      seat: z.string(),
      holder: z.string().nullable(),
    }),
  ),
  versions: z.array(z.object({ id: z.uuid(), version: z.int(), state: z.string() })),
  changes: z.array(
    z.object({
      path: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      door: z.string(),
      at: stamp,
      holder: z.string().nullable(),
      seat: z.string().nullable(),
    }),
  ),
});

/** A proposal to reopen a submitted form: the reason or question, and the date the body decides by; checked by the service. */
export const formReopenPage = z.object({ _csrf: csrf, question: z.string().max(5000), dueAt: z.string().max(40) });
export const formReopenBody = z.object({ actor: actorSchema.optional(), question: z.string().max(5000), dueAt: z.string().max(40) });
export const formReopenAsked = z.object({ decisionId: z.uuid(), workflowId: z.string() });

export const formFileParams = z.object({ id: z.uuid(), field: z.string().regex(FIELD_KEY) });

/** The attachment field's value once its file is stored. */
export const formFileSaved = z.object({ id: z.uuid(), name: z.string(), type: z.string(), size: z.int() });
