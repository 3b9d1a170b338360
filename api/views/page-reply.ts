import type { FastifyRequest } from 'fastify';
import { t, type Locale } from '../../i18n';
import { UserError } from '../plugins/errors';
import { outboxIsLocal } from '../services/outbox';
import type { SessionSeat } from '../plugins/session';

/** Who reads a signed-in page, as its forms and sections need to know. */
export interface Viewer {
  locale: Locale;
  csrf: string;
  coordinator: boolean;
  seats: SessionSeat[];
  /** What the reader just did (`?done=`), for the page to confirm. */
  done?: string;
  /** Local mode: the coordinator may read mail in the outbox. */
  outbox: boolean;
}

export function viewerOf(request: FastifyRequest): Viewer {
  return {
    locale: request.locale,
    csrf: request.user?.csrfToken ?? '',
    coordinator: request.user?.role === 'coordinator',
    seats: request.user?.seats ?? [],
    done: (request.query as { done?: string } | undefined)?.done,
    outbox: outboxIsLocal(request.server.deps),
  };
}

/**
 * A refusal a form's page shows above the form, with its status; anything but a refusal (a
 * 5xx, the engine away) goes on to the error handler.
 */
export function refusalOnPage(l: Locale, err: unknown): { message: string; status: number } {
  if (!(err instanceof UserError) || err.statusCode >= 500) throw err;
  return { message: t(l, err.key, err.params), status: err.statusCode };
}
