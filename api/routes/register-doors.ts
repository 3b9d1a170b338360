import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveActor } from '../actor';
import { ctxOf, type Ctx } from '../services/context';
import { answerForm, type Refusal } from '../views/register-forms';

/** What the register's edit routes share: the coordinator's door, JSON and page-form alike. */

export const key = z.string().min(1).max(100);
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
/** A page form: its fields go to the service, which checks them and names each wrong one. */
const formBody = z.looseObject({ _csrf: z.string().max(200).optional() });
const coordinator = { access: 'coordinator' } as const;

/** A JSON edit: the coordinator's, with its summary and schemas. */
export const json = <S extends object>(summary: string, schema: S) => ({ config: coordinator, schema: { summary, ...schema } });

/** The service's context and the coordinator as actor, for its audit events. */
export const act = (request: FastifyRequest): [Ctx, ReturnType<typeof resolveActor>] => [
  ctxOf(request),
  resolveActor(request, { kind: 'coordinator' }),
];

/** Where a page form's change shows: the page of what changed, with a notice. */
export const shown = (request: FastifyRequest, path: string, done: string) => `${path}?lang=${request.locale}&done=${done}`;

/**
 * A page form's door: the change through its service, then the page that shows it; refused, the
 * page the form was on, with the form's values and each field's error.
 */
export function formRoute<P extends z.ZodObject>(
  app: FastifyInstance,
  url: string,
  params: P,
  form: string | ((p: z.infer<P>) => string),
  change: (request: FastifyRequest, p: z.infer<P>) => Promise<string>,
  again: (request: FastifyRequest, p: z.infer<P>, refusal: Refusal) => Promise<string>,
): void {
  app.post(url, { config: coordinator, schema: { hide: true, querystring: lang, body: formBody, params } }, async (request, reply) => {
    const p = request.params as z.infer<P>;
    const id = typeof form === 'string' ? form : form(p);
    return answerForm(
      request,
      reply,
      id,
      () => change(request, p),
      (refusal) => again(request, p, refusal),
    );
  });
}
