import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RateLimits } from '../../config/env';
import { UserError } from './errors';

type Door = Exclude<keyof RateLimits, 'signinAddress'> | 'free';

/** Probes and scrapes by the platform, which polls them on its own schedule. */
const probes = new Set(['/api/health', '/api/ready', '/metrics']);

/** Which door a request comes through; each has its own count per address. */
function doorOf(request: FastifyRequest): Door {
  const path = request.url.split('?')[0]!;
  if (probes.has(path) || path.startsWith('/assets/')) return 'free';
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
      max: (request) => limits[doorOf(request) as Exclude<Door, 'free'>],
      errorResponseBuilder: (_request, context) => new UserError(429, 'error.tooManyRequests', { seconds: Math.ceil(context.ttl / 1000) }),
    });
    // Sign-in is counted per address too, so asking for one person's link from many addresses runs
    // out as well; the address is read from the parsed form, so this runs once the body is valid.
    const perAddress = app.createRateLimit({
      max: limits.signinAddress,
      keyGenerator: (request) => `signin-address:${String((request.body as { email?: unknown }).email).toLowerCase()}`,
    });
    app.addHook('preHandler', async (request) => {
      if (request.method !== 'POST' || doorOf(request) !== 'signin') return;
      const verdict = await perAddress(request);
      if (!verdict.isAllowed && verdict.isExceeded) throw new UserError(429, 'error.tooManyRequests', { seconds: verdict.ttlInSeconds });
    });
  },
  { name: 'limits', dependencies: ['errors', 'locale'] },
);
