import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RateLimits } from '../../config/env';
import { UserError } from './errors';

type Door = keyof RateLimits | 'free';

/** Which door a request comes through; each has its own count per address. */
function doorOf(request: FastifyRequest): Door {
  const path = request.url.split('?')[0]!;
  if (path === '/api/health' || path.startsWith('/assets/')) return 'free';
  if (path.startsWith('/l/')) return 'links';
  if (path === '/signin') return 'signin';
  if (path.startsWith('/api/')) return 'api';
  return 'pages';
}

/**
 * Requests per minute per address, by door, counted before anything else runs; past the limit
 * the answer is 429 with a page or JSON in the reader's language and a Retry-After.
 */
export default fp<{ limits: RateLimits }>(
  async (app, { limits }) => {
    await app.register(rateLimit, {
      global: true,
      hook: 'onRequest',
      timeWindow: 60_000,
      allowList: (request) => doorOf(request) === 'free',
      keyGenerator: (request) => `${doorOf(request)}:${request.ip}`,
      max: (request) => limits[doorOf(request) as keyof RateLimits],
      errorResponseBuilder: (_request, context) => new UserError(429, 'error.tooManyRequests', { seconds: Math.ceil(context.ttl / 1000) }),
    });
  },
  { name: 'limits', dependencies: ['errors', 'locale'] },
);
