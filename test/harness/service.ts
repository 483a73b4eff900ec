import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createContext, listen, loadConfig, type Context } from '@mca/core';
import { createLogger, type Logger } from '@mca/platform';
import { createApp } from '@mca/api';
import { startWorkers, type WorkerHost } from '@mca/workers';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const INBOUND_SECRET = 'test-inbound-secret-0123456789';
export const AUTHSERV_ID = 'mx.test.mca';

/** A fresh database name on the test MongoDB-protocol server (global-setup). */
export function testMongoUrl(db: string): string {
  const base = process.env.TEST_MONGO_URL;
  if (!base) throw new Error('TEST_MONGO_URL is not set: run through jest (test/harness/global-setup.ts)');
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * What every process of one test deployment shares: its own database and queue prefix, the
 * secrets, the sinks. Timing settings are each caller's.
 */
export function testDeploymentEnv(id: string, smtpUrl: string, outboxDir: string): Record<string, string> {
  return {
    MONGO_URL: testMongoUrl(`mca_test_${id}`),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `mca-test-${id}`,
    ADMIN_TOKEN,
    INBOUND_EMAIL_SECRET: INBOUND_SECRET,
    INBOUND_AUTHSERV_ID: AUTHSERV_ID,
    SMTP_URL: smtpUrl,
    REPLY_DOMAIN: 'reply.test.mca',
    MAIL_FROM: 'MCA Consent <mca@test.mca>',
    OUTBOX_DIR: outboxDir,
    // The sinks and stand-ins listen on 127.0.0.1: the SSRF guard's own test turns this off.
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    SECRETS_KEY: randomBytes(32).toString('base64'),
    DATA_KEYS: `test:${randomBytes(32).toString('base64')}`,
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
  };
}

export interface TestService {
  baseUrl: string;
  ctx: Context;
  smtp: SmtpSink;
  env: Record<string, string>;
  workers: WorkerHost | null;
  startWorkers(): Promise<WorkerHost>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole service in this process against real servers: its own database, its own queue
 * prefix in the shared Redis, its own SMTP sink. Everything is removed again on stop().
 */
export async function startTestService(
  opts: { env?: Record<string, string>; workers?: boolean; dnsResolver?: Context['dnsResolver']; hostResolver?: Context['hostResolver']; logger?: Logger } = {},
): Promise<TestService> {
  const id = randomBytes(5).toString('hex');
  const smtp = await startSmtpSink();
  const outbox = mkdtempSync(path.join(os.tmpdir(), 'mca-outbox-'));
  const env: Record<string, string> = {
    PORT: '0',
    ...testDeploymentEnv(id, smtp.url, outbox),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOB_BACKOFF_MS: '100',
    JOB_ATTEMPTS: '4',
    QUEUE_LOCK_MS: '2000',
    SWEEP_AFTER_MS: '500',
    SWEEP_EVERY_MS: '3600000',
    ...opts.env,
  };
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    await smtp.close();
    rmSync(outbox, { recursive: true, force: true });
    throw err;
  }
  const ctx = await createContext(config, {
    logger: opts.logger ?? createLogger(config.LOG_LEVEL),
    dnsResolver: opts.dnsResolver,
    hostResolver: opts.hostResolver,
  });
  const server = await listen(createApp(ctx), 0);
  const baseUrl = `http://127.0.0.1:${server.port}`;

  const svc: TestService = {
    baseUrl,
    ctx,
    smtp,
    env: { ...env, PUBLIC_URL: baseUrl },
    workers: null,
    async startWorkers() {
      svc.workers = await startWorkers(ctx);
      return svc.workers;
    },
    async stopWorkers() {
      await svc.workers?.close();
      svc.workers = null;
    },
    async stop() {
      await svc.stopWorkers();
      await server.close();
      await ctx.db.conn.dropDatabase().catch(() => undefined);
      await ctx.close();
      await deleteKeys(env.REDIS_URL!, `${env.QUEUE_PREFIX}:*`);
      await smtp.close();
      rmSync(outbox, { recursive: true, force: true });
    },
  };
  if (opts.workers !== false) await svc.startWorkers();
  return svc;
}

export async function deleteKeys(url: string, pattern: string) {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface TestInstance {
  baseUrl: string;
  ctx: Context;
  stop(): Promise<void>;
}

/**
 * A second API instance of the same deployment: its own process state (caches, in-memory
 * limiters), the same database and Redis prefix as `svc`, as two replicas behind a balancer.
 */
export async function startAnotherInstance(svc: TestService): Promise<TestInstance> {
  const config = loadConfig(svc.env);
  const ctx = await createContext(config, { logger: createLogger(config.LOG_LEVEL) });
  const server = await listen(createApp(ctx), 0);
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    ctx,
    async stop() {
      await server.close();
      await ctx.close();
    },
  };
}
