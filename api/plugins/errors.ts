import fp from 'fastify-plugin';
import type { FastifyError, FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { t, zodErrorMaps, type Locale, type MessageKey } from '../../i18n';

/** Carries what is needed to say, in the reader's language, which field is wrong and why. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly schema: ZodType,
    readonly data: unknown,
    readonly part: string,
  ) {
    super('Request validation failed');
  }

  issues(locale: Locale): { field: string; in: string; message: string }[] {
    const result = this.schema.safeParse(this.data, { error: zodErrorMaps[locale] });
    return (result.error?.issues ?? []).map((i) => ({
      field: i.path.length ? i.path.join('.') : this.part,
      in: this.part,
      message: i.message,
    }));
  }
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
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(schema, data, partName[httpPart ?? 'body'] ?? 'body') };
  };

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
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `${t(locale, 'error.validation')}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
          issues,
        });
      }
      if (error instanceof UserError) {
        return reply.status(error.statusCode).send({
          statusCode: error.statusCode,
          error: httpReason(error.statusCode),
          message: t(locale, error.key, error.params),
          ...error.extra,
        });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const message = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? t(locale, 'error.bodyNotJson')
          : error.message;
        return reply.status(status).send({ statusCode: status, error: httpReason(status), message });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: t(locale, 'error.internal') });
    });

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send({ statusCode: 404, error: 'Not Found', message: t(request.locale, 'error.notFound') });
    });
  },
  { name: 'errors', dependencies: ['locale'] },
);

function httpReason(status: number): string {
  return (
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 410: 'Gone', 422: 'Unprocessable Entity', 503: 'Service Unavailable' } as Record<number, string>
  )[status] ?? 'Error';
}
