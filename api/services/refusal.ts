import type { ZodType } from 'zod';
import { t } from '../../i18n';
import { RequestValidationError, UserError } from '../plugins/errors';
import type { Ctx } from './context';

/**
 * Checks what a page form carries with the JSON API's own schema, and refuses it in the words the
 * API would use: a form then says what its JSON twin says.
 */
export function parseOrRefuse<T>(ctx: Ctx, schema: ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = new RequestValidationError(schema, data, 'body').issues(ctx.locale);
  const message = `${t(ctx.locale, 'error.validation')}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
  throw new UserError(400, 'dash.refused', { message });
}
