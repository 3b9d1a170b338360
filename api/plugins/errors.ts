import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { errorPage } from '../views/errors';
import type { ZodType } from 'zod';
import { t, zodErrorMaps, type Locale, type MessageKey } from '../../i18n';

/** Carries what is needed to say, in the reader's language, which field is wrong and why. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly schema: ZodType,
    readonly data: unknown,
    readonly part: string,
    /** Set when a string holds a NUL character, which no field accepts (PostgreSQL cannot store it). */
    readonly nulAt?: (string | number)[],
  ) {
    super('Request validation failed');
  }

  issues(locale: Locale): { field: string; in: string; message: string }[] {
    if (this.nulAt)
      return [{ field: this.nulAt.length ? this.nulAt.join('.') : this.part, in: this.part, message: t(locale, 'error.nulCharacter') }];
    const result = this.schema.safeParse(this.data, { error: zodErrorMaps[locale] });
    return (result.error?.issues ?? []).map((i) => ({
      field: i.path.length ? i.path.join('.') : this.part,
      in: this.part,
      message: i.message,
    }));
  }
}

/** Where the first string holding a NUL character is, if any. */
function nulPath(data: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof data === 'string') return data.includes('\u0000') ? path : undefined;
  if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) {
      const found = nulPath(v, [...path, i]);
      if (found) return found;
    }
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      const found = nulPath(k, [...path, k]) ?? nulPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** A refusal the user can act on: a 4xx with a translated message. */
export class UserError extends Error {
  constructor(
    readonly statusCode: number,
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

const partName: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const part = partName[httpPart ?? 'body'] ?? 'body';
    const nul = nulPath(data);
    if (nul) return { error: new RequestValidationError(schema, data, part, nul) };
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(schema, data, part) };
  };

/**
 * Temporal not answering: gRPC UNAVAILABLE or DEADLINE_EXCEEDED, on the error itself or on the
 * cause the client's ServiceError wraps. Not a bug: the reader is asked to try again.
 */
export function isEngineUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === 14 || e.code === 4) return true;
  }
  return false;
}

/**
 * The database refused to change a frozen report version (the trigger of migration 0013), on the
 * error itself or on the cause a query error wraps: whichever door tried, the reader is told that a
 * correction is a new version.
 */
export function frozenVersionNumber(err: unknown): number | undefined {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    const frozen = e.code === '42501' ? /report version (\d+) is frozen/.exec(String(e.message)) : null;
    if (frozen) return Number(frozen[1]);
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * Pages answer errors with a page in the reader's language; the API, and anyone who sent or
 * asked for JSON, get JSON.
 */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (path.startsWith('/api/') || path.endsWith('.json') || path.endsWith('.ics')) return false;
  if (String(request.headers['content-type'] ?? '').includes('application/json')) return false;
  const accept = String(request.headers.accept ?? '');
  return !(accept.includes('application/json') && !accept.includes('text/html'));
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  payload: { message: string; issues?: { field: string; message: string }[] } & Record<string, unknown>,
) {
  if (!wantsPage(request)) return reply.status(status).send({ statusCode: status, error: httpReason(status), ...payload });
  const path = request.url.split('?')[0]!;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(errorPage(request.locale, status, payload, path, request.user));
}

/**
 * One error handler: 4xx say what is wrong in the reader's language, naming the field; anything
 * else is logged with the request and answered with a generic message.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | UserError | RequestValidationError, request, reply) => {
      const locale = request.locale;
      if (error instanceof RequestValidationError) {
        const issues = error.issues(locale);
        return send(request, reply, 400, {
          message: `${t(locale, 'error.validation')}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
          issues,
        });
      }
      if (error instanceof UserError) {
        return send(request, reply, error.statusCode, { message: t(locale, error.key, error.params), ...error.extra });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const message =
          error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? t(locale, 'error.bodyNotJson')
            : error.message;
        return send(request, reply, status, { message });
      }
      const frozen = frozenVersionNumber(error);
      if (frozen !== undefined) return send(request, reply, 409, { message: t(locale, 'report.frozen', { number: frozen }) });
      if (isEngineUnavailable(error)) {
        request.log.warn({ err: error }, 'Temporal unavailable');
        return send(request, reply, 503, { message: t(locale, 'error.temporalUnavailable') });
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        request.log.warn({ err: error }, 'workflow did not take the update before the deadline');
        return send(request, reply, 503, { message: t(locale, 'error.workflowNoAnswer') });
      }
      request.log.error({ err: error }, 'request failed');
      return send(request, reply, 500, { message: t(locale, 'error.internal') });
    });

    app.setNotFoundHandler((request, reply) => {
      return send(request, reply, 404, { message: t(request.locale, 'error.notFound') });
    });
  },
  { name: 'errors', dependencies: ['locale'] },
);

function httpReason(status: number): string {
  return (
    (
      {
        400: 'Bad Request',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found',
        409: 'Conflict',
        410: 'Gone',
        422: 'Unprocessable Entity',
        500: 'Internal Server Error',
        503: 'Service Unavailable',
      } as Record<number, string>
    )[status] ?? 'Error'
  );
}
