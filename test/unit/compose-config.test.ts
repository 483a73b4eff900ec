import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@mca/core';

const ROOT = path.resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}

/** docker-compose as installed (1.29, .ci/run installs it when missing): never skipped. */
function compose(args: string[], env: Record<string, string>) {
  const run = spawnSync('docker-compose', args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('docker-compose is not installed: `apt-get install docker-compose` (.ci/run installs it when it is missing)');
  }
  return run;
}

describe('docker-compose.yml', () => {
  const env = {
    ADMIN_TOKEN: 'x'.repeat(20),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
    DATA_KEYS: `2026:${randomBytes(32).toString('base64')}`,
  };

  test('docker-compose config -q accepts it', () => {
    const run = compose(['config', '-q'], env);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('it refuses to start without SECRETS_KEY, AUDIT_SIGNING_KEY or DATA_KEYS, naming the one missing', () => {
    const noSecrets = compose(['config', '-q'], { ADMIN_TOKEN: env.ADMIN_TOKEN, AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY, DATA_KEYS: env.DATA_KEYS });
    expect(noSecrets.status).not.toBe(0);
    expect(noSecrets.stderr).toContain('set SECRETS_KEY');
    const noSigningKey = compose(['config', '-q'], { ADMIN_TOKEN: env.ADMIN_TOKEN, SECRETS_KEY: env.SECRETS_KEY, DATA_KEYS: env.DATA_KEYS });
    expect(noSigningKey.status).not.toBe(0);
    expect(noSigningKey.stderr).toContain('set AUDIT_SIGNING_KEY');
    const noDataKeys = compose(['config', '-q'], { ADMIN_TOKEN: env.ADMIN_TOKEN, SECRETS_KEY: env.SECRETS_KEY, AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY });
    expect(noDataKeys.status).not.toBe(0);
    expect(noDataKeys.stderr).toContain('set DATA_KEYS');
  });

  describe('what it runs', () => {
    let services: Record<string, Service>;
    beforeAll(() => {
      const run = compose(['config'], env);
      expect(run.status).toBe(0);
      services = parse(run.stdout).services;
    });

    test('every image is pinned to a version, and api and workers are built from the Dockerfile', () => {
      for (const [name, s] of Object.entries(services)) {
        if (name === 'api' || name === 'workers') expect(s.build).toBeDefined();
        else expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/:v?\d+\.\d+\.\d+(-[a-z]+)?$/) });
      }
    });

    test('api and workers run the compiled entries with plain node, with health checks (the workers on METRICS_PORT)', () => {
      expect(services.api!.command).toEqual(['node', 'dist/api.js']);
      expect(services.workers!.command).toEqual(['node', 'dist/workers.js']);
      expect(services.api!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/readyz');
      const port = services.workers!.environment!.METRICS_PORT;
      expect(port).toMatch(/^\d+$/);
      expect(services.workers!.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
    });

    test('the environment it gives both is a valid configuration', () => {
      for (const name of ['api', 'workers']) {
        const config = loadConfig(services[name]!.environment!);
        expect(config.MONGO_URL).toBe('mongodb://mongo:27017/mca');
      }
      expect(loadConfig(services.workers!.environment!).METRICS_PORT).toBe(9464);
    });
  });
});
