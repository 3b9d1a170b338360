import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/**
 * Security headers on every answer. The policy allows scripts and styles from this origin only
 * (pages carry no inline script or style), and no framing at all: the one-click vote page cannot be
 * put under another site's buttons. Forms post here, or redirect to the origins in `formTargets`.
 * Strict-Transport-Security only where the public address is https.
 */
export default fp<{ https: boolean; formTargets: string[] }>(
  async (app, { https, formTargets }) => {
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'", ...formTargets],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    });
  },
  { name: 'headers' },
);
