import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UserError } from './plugins/errors';

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
  'followUpSaved',
  'asked',
  'handedOff',
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

/**
 * Makes a plugin's own routes read multipart/form-data, as a page's upload form posts it: the
 * whole body (within the limit) parsed as the browser's FormData, then shaped by `fields`.
 */
export function readMultipartForms<T>(app: FastifyInstance, bodyLimit: number, fields: (form: FormData) => T | Promise<T>): void {
  if (app.hasContentTypeParser('multipart/form-data')) app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, async (request: FastifyRequest, body: Buffer) => {
    const headers = { 'content-type': String(request.headers['content-type']) };
    const form = await new Request('http://form.invalid/', { method: 'POST', headers, body }).formData().catch(() => undefined);
    if (!form) throw new UserError(400, 'error.validation');
    return fields(form);
  });
}

/** An upload form's fields: its CSRF token, checked like any form's, and its file. */
export function readUploadForms(app: FastifyInstance, bodyLimit: number): void {
  readMultipartForms(app, bodyLimit, (fields) => {
    const file = fields.get('file');
    return { _csrf: String(fields.get('_csrf') ?? ''), file: file instanceof File ? file : undefined };
  });
}
