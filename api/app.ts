import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import Fastify, { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import multipart from '@fastify/multipart';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Client } from '@temporalio/client';
import type { Config } from '../config/env';
import type { Db } from '../db/client';
import type { Mailer } from '../activities/mailer';
import linkRoutes from './routes/links';
import errors, { zodValidatorCompiler } from './plugins/errors';
import locale from './plugins/locale';
import session from './plugins/session';
import access from './plugins/access';
import limits from './plugins/limits';
import headers from './plugins/headers';
import deadline from './plugins/deadline';
import metrics from './plugins/metrics';
import authRoutes from './routes/auth';
import outboxRoutes from './routes/outbox';
import healthRoutes from './routes/health';
import directoryRoutes from './routes/directory';
import taskRoutes from './routes/tasks';
import taskPageRoutes from './routes/task-pages';
import formRoutes from './routes/forms';
import decisionPageRoutes from './routes/decision-pages';
import homeRoutes from './routes/home';
import decisionRoutes from './routes/decisions';
import cycleRoutes from './routes/cycles';
import seatRoutes from './routes/seats';
import adminRoutes from './routes/admin';
import adminDefinitionRoutes from './routes/admin-definitions';
import calendarRoutes from './routes/calendar';
import meetingRoutes from './routes/meetings';
import attachmentRoutes from './routes/attachments';
import assetRoutes from './routes/assets';
import auditRoutes from './routes/audit';
import definitionRoutes from './routes/definitions';
import cyclePageRoutes from './routes/cycle-pages';
import partyRoutes from './routes/parties';
import meRoutes from './routes/me';
import oidcRoutes from './routes/oidc';
import indicatorRoutes from './routes/indicators';
import reportReviewRoutes from './routes/report-review';
import reportVersionRoutes from './routes/report-versions';
import followUpRoutes from './routes/follow-ups';
import oneOffRoutes from './routes/one-off';
import formOverviewRoutes from './routes/form-overview';
import reportHandoffRoutes from './routes/report-handoff';
import signatureRoutes from './routes/signatures';
import metricsRoutes from './routes/metrics';

export interface AppDeps {
  db: Db;
  temporal: Client;
  config: Config;
  /** Whether mail goes out or stays in the outbox, for the pages; the worker does the sending. */
  mailer: Mailer;
  /** Where operators find Temporal's web UI, when one runs. */
  temporalUiUrl?: string;
  /** The time a cycle starts at; tests on Temporal's time-skipping server pass its clock. */
  clock?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** The whole HTTP surface as one plugin; `server.ts` and tests create the instance around it. */
export const app = fp<AppDeps>(
  async (fastify, deps) => {
    fastify.decorate('deps', deps);
    await fastify.register(deadline, { temporal: deps.temporal, ms: deps.config.temporalCallTimeoutMs });
    fastify.setValidatorCompiler(zodValidatorCompiler);
    fastify.setSerializerCompiler(serializerCompiler);
    await fastify.register(formbody);
    // Uploads are read by their route as a stream, with its own limits.
    await fastify.register(multipart);
    await fastify.register(swagger, {
      openapi: {
        info: { title: 'Årshjul API', version: '0.1.0', description: 'Governance and follow-up cycles on Temporal' },
      },
      transform: jsonSchemaTransform,
    });
    await fastify.register(metrics);
    await fastify.register(locale);
    await fastify.register(errors);
    await fastify.register(headers, {
      https: deps.config.publicUrl.startsWith('https:'),
      // Signing out of a session from the identity provider redirects the sign-out form there.
      formTargets: deps.config.oidc ? [new URL(deps.config.oidc.issuer).origin] : [],
    });
    await fastify.register(limits, { limits: deps.config.rateLimits });
    await fastify.register(access);
    await fastify.register(session, { db: deps.db, secret: deps.config.secret ?? '', secure: deps.config.publicUrl.startsWith('https:') });

    const typed = fastify.withTypeProvider<ZodTypeProvider>();
    await typed.register(healthRoutes);
    await typed.register(directoryRoutes);
    await typed.register(taskRoutes);
    await typed.register(decisionRoutes);
    await typed.register(cycleRoutes);
    await typed.register(seatRoutes);
    await typed.register(adminRoutes);
    await typed.register(adminDefinitionRoutes);
    await typed.register(calendarRoutes);
    await typed.register(linkRoutes);
    await typed.register(authRoutes);
    await typed.register(outboxRoutes);
    await typed.register(taskPageRoutes);
    await typed.register(decisionPageRoutes);
    await typed.register(homeRoutes);
    await typed.register(meetingRoutes);
    await typed.register(attachmentRoutes);
    await typed.register(assetRoutes);
    await typed.register(auditRoutes);
    await typed.register(definitionRoutes);
    await typed.register(cyclePageRoutes);
    await typed.register(partyRoutes);
    await typed.register(meRoutes);
    await typed.register(oidcRoutes);
    await typed.register(indicatorRoutes);
    await typed.register(reportReviewRoutes);
    await typed.register(reportVersionRoutes);
    await typed.register(followUpRoutes);
    await typed.register(oneOffRoutes);
    await typed.register(formOverviewRoutes);
    await typed.register(reportHandoffRoutes);
    await typed.register(signatureRoutes);
    await typed.register(formRoutes);
    await typed.register(metricsRoutes);
    typed.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => fastify.swagger());
  },
  { name: 'arshjul' },
);

/** A request as logged: the path without a link's token, a feed's key, or an identity provider's code and state. */
export function loggedUrl(url: string): string {
  return url.replace(/\/l\/[^/?#]+/, '/l/[token]').replace(/([?&](?:token|key|code|state)=)[^&#]*/g, '$1[key]');
}

/** A caller's (a proxy's) request id when it looks like one, so one id follows a request through both; else a new one. */
function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  if (!deps.config.secret) throw new Error('SECRET is required: it signs sessions and links');
  // Logs carry no tokens: every logged request line goes through loggedUrl.
  const logger =
    options.logger && typeof options.logger === 'object'
      ? {
          ...options.logger,
          serializers: {
            req: (req: { method: string; url: string; ip?: string }) => ({
              method: req.method,
              url: loggedUrl(req.url),
              remoteAddress: req.ip,
            }),
          },
        }
      : options.logger;
  const fastify = Fastify({
    trustProxy: deps.config.trustProxy,
    genReqId: requestId,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    ...options,
    logger,
  });
  // Echoed, so a person reporting a problem can quote the id that finds every log line of it.
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await fastify.register(app, deps);
  return fastify;
}
