import { z } from 'zod';
import path from 'node:path';

/**
 * Configuration from environment variables. Every variable has a validated default, so the
 * system runs locally with nothing set; a bad value stops the start with a message naming it.
 */
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || (URL.canParse(v) && protocols.includes(new URL(v).protocol)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** An issuer is reached over https; plain http only on this machine, for trying it out. */
const issuerUrl = optionalUrl(['https:', 'http:']).refine(
  (v) => v === undefined || new URL(v).protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(new URL(v).hostname),
  { message: 'must be an https URL (http only for localhost)' },
);

const envSchema = z.object({
  TEMPORAL_ADDRESS: optionalText.refine((v) => v === undefined || /^[^\s:/]+:\d{1,5}$/.test(v), {
    message: 'must be host:port, e.g. localhost:7233',
  }),
  TEMPORAL_NAMESPACE: z.string().trim().min(1, 'must not be empty').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1, 'must not be empty').default('arshjul'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  MAIL_FROM: z.email('must be an e-mail address').default('arshjul@example.org'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. http://localhost:3000' }).optional(),
  KOLADA_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://api.kolada.se/v2' })
    .default('https://api.kolada.se/v2'),
  PORT: z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number (0–65535)').default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  ATTACHMENTS_DIR: optionalText,
  SECRET: z.string().min(32, 'must be at least 32 characters (it signs links and cookies)').optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' || v === 'false' ? undefined : v))
    .refine((v) => v === undefined || v === 'true' || v.split(',').every((a) => /^[0-9a-fA-F.:/]+$/.test(a.trim())), {
      message: 'must be true or a comma-separated list of proxy addresses',
    }),
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce
    .number()
    .int('must be a whole number')
    .min(100, 'must be at least 100 (milliseconds)')
    .max(120_000, 'must be at most 120000 (two minutes)')
    .default(5000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WORKER_METRICS_ADDRESS: optionalText.refine((v) => v === undefined || /^[^\s/]+:\d{1,5}$/.test(v), {
    message: 'must be host:port, e.g. 127.0.0.1:9464',
  }),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(600_000, 'must be at most 600000 (ten minutes)')
    .default(20_000),
  WORKFLOW_BUNDLE: optionalText,
  WORKER_CACHED_WORKFLOWS: z.coerce
    .number()
    .int('must be a whole number')
    .min(2, 'must be at least 2 (the worker runs workflow tasks two at a time at least)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OIDC_ISSUER: issuerUrl,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_LABEL: optionalText,
  OIDC_SCOPES: z
    .string()
    .trim()
    .default('openid email profile')
    .refine((v) => v.split(/\s+/).includes('openid'), { message: 'must include openid' }),
});

/** Sign-in through an identity provider needs the client it is registered as. */
const withOidcClient = envSchema.superRefine((e, ctx) => {
  if (!e.OIDC_ISSUER) return;
  for (const variable of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
    if (!e[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'must be set when OIDC_ISSUER is' });
  }
});

export interface Config {
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  port: number;
  host: string;
  dataDir: string;
  /** Uploaded files go here when set; otherwise into PostgreSQL. */
  attachmentsDir: string | undefined;
  secret: string | undefined;
  /**
   * Which proxies may name the client in X-Forwarded-For: none by default, so an audit's address
   * cannot be forged by a header.
   */
  trustProxy: boolean | string[];
  /** Requests per minute from one address, by door. */
  rateLimits: RateLimits;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** How long a request waits for Temporal before it answers 503: a hung engine must not hang the API. */
  temporalCallTimeoutMs: number;
  /** The bearer token a Prometheus scraper sends to read /metrics; /metrics is off when unset. */
  metricsToken: string | undefined;
  /** Where the worker's Temporal runtime serves its own Prometheus metrics; off when unset. */
  workerMetricsAddress: string | undefined;
  /**
   * How long a stopping worker lets its activities in flight finish before asking them to cancel;
   * it gives up SHUTDOWN_CANCEL_MS later and exits 1. Below compose's stop_grace_period of 30 s.
   */
  workerShutdownGraceMs: number;
  /** Workflows the worker keeps in memory between their tasks; worker/worker.ts's default when unset. */
  workerCachedWorkflows: number | undefined;
  /** A workflow bundle built ahead of time (npm run build:workflows) for the worker to load instead of bundling at its start. */
  workflowBundle: string | undefined;
  /** Sign-in through the organisation's identity provider, beside the mailed link; off when unset. */
  oidc: OidcConfig | undefined;
  /** Kolada's open data API, where indicator values are fetched from. */
  koladaUrl: string;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's text in both languages; the catalogue's words when unset. */
  label: string | undefined;
  scopes: string;
}

export interface RateLimits {
  /** The JSON API. */
  api: number;
  /** Pages for signed-in people. */
  pages: number;
  /** Personal links from mail: a guessed token is one of these. */
  links: number;
  /** Asking for a sign-in link. */
  signin: number;
  /** Asking for a sign-in link for one address, from any number of addresses. */
  signinAddress: number;
}

/**
 * Generous for a person, even a whole office behind one address, and tight where guessing pays:
 * links and sign-in.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { api: 600, pages: 300, links: 60, signin: 10, signinAddress: 5 };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = withOidcClient.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  }
  const e = parsed.data;
  return {
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    attachmentsDir: e.ATTACHMENTS_DIR ? path.resolve(e.ATTACHMENTS_DIR) : undefined,
    secret: e.SECRET,
    trustProxy: trustedProxies(e.TRUST_PROXY),
    rateLimits: DEFAULT_RATE_LIMITS,
    logLevel: e.LOG_LEVEL,
    temporalCallTimeoutMs: e.TEMPORAL_CALL_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    workerMetricsAddress: e.WORKER_METRICS_ADDRESS,
    workerShutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
    workerCachedWorkflows: e.WORKER_CACHED_WORKFLOWS,
    workflowBundle: e.WORKFLOW_BUNDLE,
    koladaUrl: e.KOLADA_URL.replace(/\/$/, ''),
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID!,
          clientSecret: e.OIDC_CLIENT_SECRET!,
          label: e.OIDC_LABEL,
          scopes: e.OIDC_SCOPES,
        }
      : undefined,
  };
}

function trustedProxies(value: string | undefined): Config['trustProxy'] {
  if (value === undefined) return false;
  if (value === 'true') return true;
  return value.split(',').map((a) => a.trim());
}
