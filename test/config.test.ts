import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/env';

describe('configuration', () => {
  it('runs on defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      temporalAddress: undefined,
      temporalNamespace: 'default',
      databaseUrl: undefined,
      smtpUrl: undefined,
      port: 3000,
      publicUrl: 'http://localhost:3000',
      mailFrom: 'arshjul@example.org',
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'arshjul',
      DATABASE_URL: 'postgres://u:p@db:5432/arshjul',
      SMTP_URL: 'smtp://mail:1025',
      MAIL_FROM: 'kansli@example.org',
      PUBLIC_URL: 'https://arshjul.example.org/',
      PORT: '8080',
      DATA_DIR: '/var/lib/arshjul',
      ATTACHMENTS_DIR: '/var/lib/arshjul/files',
      SECRET: 'x'.repeat(40),
      WORKER_CACHED_WORKFLOWS: '400',
    });
    expect(config).toMatchObject({
      temporalAddress: 'temporal:7233',
      temporalNamespace: 'arshjul',
      databaseUrl: 'postgres://u:p@db:5432/arshjul',
      smtpUrl: 'smtp://mail:1025',
      mailFrom: 'kansli@example.org',
      publicUrl: 'https://arshjul.example.org',
      port: 8080,
      dataDir: '/var/lib/arshjul',
      attachmentsDir: '/var/lib/arshjul/files',
      secret: 'x'.repeat(40),
      workerCachedWorkflows: 400,
    });
  });

  it.each([
    ['PORT', 'eighty', /PORT: /],
    ['PORT', '70000', /PORT: must be a port number/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL: must be a URL starting with postgres:\/\//],
    ['SMTP_URL', 'not a url', /SMTP_URL: must be a URL/],
    ['TEMPORAL_ADDRESS', 'http://temporal', /TEMPORAL_ADDRESS: must be host:port/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM: must be an e-mail address/],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL: must be an http\(s\) URL/],
    ['SECRET', 'short', /SECRET: must be at least 32 characters/],
    ['OIDC_SCOPES', 'email profile', /OIDC_SCOPES: must include openid/],
    ['WORKER_CACHED_WORKFLOWS', '1', /WORKER_CACHED_WORKFLOWS: must be at least 2/],
  ])('refuses a bad %s and names it', (variable, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as Error).message).toMatch(message);
  });

  it('leaves sign-in through an identity provider off when OIDC_ISSUER is unset', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('reads the identity provider, its client and the button text', () => {
    const oidc = { OIDC_CLIENT_ID: 'arshjul', OIDC_CLIENT_SECRET: 's3cret' };
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'https://idp.example.org', OIDC_LABEL: 'Logga in med SITHS' }).oidc).toEqual({
      issuer: 'https://idp.example.org',
      clientId: 'arshjul',
      clientSecret: 's3cret',
      label: 'Logga in med SITHS',
      scopes: 'openid email profile',
    });
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
  });

  it('refuses an identity provider reached over plain http elsewhere than this machine', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'http://idp.example.org', OIDC_CLIENT_ID: 'arshjul', OIDC_CLIENT_SECRET: 's' })).toThrow(
      /OIDC_ISSUER: must be an https URL \(http only for localhost\)/,
    );
  });

  it('names the client settings an identity provider needs', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example.org' })).toThrow(
      /OIDC_CLIENT_ID: must be set when OIDC_ISSUER is\n\s+OIDC_CLIENT_SECRET: must be set when OIDC_ISSUER is/,
    );
  });

  it('reads the operations settings, with a deadline on Temporal by default', () => {
    expect(loadConfig({})).toMatchObject({
      temporalCallTimeoutMs: 5000,
      metricsToken: undefined,
      workerMetricsAddress: undefined,
      workerShutdownGraceMs: 20_000,
    });
    const c = loadConfig({
      TEMPORAL_CALL_TIMEOUT_MS: '1500',
      METRICS_TOKEN: 'a-token-of-sixteen+',
      WORKER_METRICS_ADDRESS: '0.0.0.0:9464',
      WORKER_SHUTDOWN_GRACE_MS: '0',
    });
    expect(c).toMatchObject({
      temporalCallTimeoutMs: 1500,
      metricsToken: 'a-token-of-sixteen+',
      workerMetricsAddress: '0.0.0.0:9464',
      workerShutdownGraceMs: 0,
    });
  });

  it('names a bad operations setting', () => {
    expect(() => loadConfig({ TEMPORAL_CALL_TIMEOUT_MS: '0' })).toThrow(/TEMPORAL_CALL_TIMEOUT_MS: must be at least 100/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ WORKER_METRICS_ADDRESS: '9464' })).toThrow(/WORKER_METRICS_ADDRESS: must be host:port/);
    expect(() => loadConfig({ WORKER_SHUTDOWN_GRACE_MS: '1.5' })).toThrow(/WORKER_SHUTDOWN_GRACE_MS: must be a whole number/);
    expect(() => loadConfig({ WORKER_SHUTDOWN_GRACE_MS: '3600000' })).toThrow(/WORKER_SHUTDOWN_GRACE_MS: must be at most 600000/);
  });
});
