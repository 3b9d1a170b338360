import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../config/env';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'compose-check-'.padEnd(40, 'x');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

/** docker-compose.yml as Compose itself reads it: Debian's docker-compose v1 needs no engine for `config`. */
const composeConfig = (env: Record<string, string>, ...args: string[]) =>
  run('docker-compose', ['--file', `${root}docker-compose.yml`, '--project-directory', root, 'config', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });

describe('docker-compose.yml', () => {
  let services: Record<string, Service>;
  let volumes: Record<string, unknown>;

  beforeAll(async () => {
    const { stdout } = await composeConfig({ ARSHJUL_SECRET: SECRET });
    ({ services, volumes } = parse(stdout) as { services: Record<string, Service>; volumes: Record<string, unknown> });
  });

  it('is valid for Compose (config -q) when ARSHJUL_SECRET is set', async () => {
    await expect(composeConfig({ ARSHJUL_SECRET: SECRET }, '-q')).resolves.toBeDefined();
  });

  it('refuses to run without ARSHJUL_SECRET, naming it', async () => {
    await expect(composeConfig({}, '-q')).rejects.toThrow(/ARSHJUL_SECRET/);
  });

  it('runs PostgreSQL, Temporal with its schema and namespace steps, its UI, a mail catcher, the API and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'mailpit', 'postgresql', 'temporal', 'temporal-admin-tools', 'temporal-create-namespace', 'temporal-ui', 'worker'].sort(),
    );
  });

  it('pins every image it pulls to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(service.image, name).not.toMatch(/:latest$/);
    }
  });

  it('builds the API and the worker from this repository into one image, the worker running worker/main.ts', () => {
    expect(services.api!.image).toBe(services.worker!.image);
    expect(services.api!.build).toBeDefined();
    expect(services.worker!.command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
  });

  it('gives the API and the worker every setting a separate process requires, each one valid', () => {
    for (const name of ['api', 'worker']) {
      const env = services[name]!.environment!;
      for (const variable of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SECRET', 'SMTP_URL', 'PUBLIC_URL']) {
        expect(env[variable], `${name} ${variable}`).toBeTruthy();
      }
      expect(() => loadConfig(env), name).not.toThrow();
    }
  });

  it('points the application at the compose services by name', () => {
    const env = services.api!.environment!;
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(new URL(env.DATABASE_URL!).hostname).toBe('postgresql');
    expect(new URL(env.SMTP_URL!).hostname).toBe('mailpit');
  });

  it('health-checks PostgreSQL and Temporal, and starts the application only once they are healthy', () => {
    expect(services.postgresql!.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(services.temporal!.healthcheck?.test?.join(' ')).toContain('7233');
    for (const name of ['api', 'worker']) {
      const deps = services[name]!.depends_on!;
      expect(deps.postgresql?.condition, name).toBe('service_healthy');
      expect(deps.temporal?.condition, name).toBe('service_healthy');
      expect(deps['temporal-create-namespace']?.condition, name).toBe('service_completed_successfully');
    }
  });

  it('keeps PostgreSQL’s data in a named volume and creates the application database from deploy/', () => {
    expect(Object.keys(volumes)).toContain('postgresql-data');
    const mounts = services.postgresql!.volumes!;
    expect(mounts).toContain('postgresql-data:/var/lib/postgresql/data:rw');
    const init = mounts.find((m) => m.includes('/docker-entrypoint-initdb.d/'))!;
    expect(existsSync(init.split(':')[0]!)).toBe(true);
    expect(readFileSync(init.split(':')[0]!, 'utf8')).toMatch(/create database arshjul/i);
  });

  it('mounts the dynamic config Temporal is told to read', () => {
    const file = services.temporal!.environment!.DYNAMIC_CONFIG_FILE_PATH!;
    const mount = services.temporal!.volumes!.find((m) => file.startsWith(m.split(':')[1]!))!;
    expect(existsSync(`${mount.split(':')[0]}/${file.slice(mount.split(':')[1]!.length + 1)}`)).toBe(true);
  });
});
