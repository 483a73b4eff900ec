import type { Redis } from 'ioredis';
import type { Config } from './config';
import { connectDb, type Db, type Models } from './db';
import { createLogger, type Logger } from './observability';
import { createBroadcast, createProducers, createRedis, type Broadcast, type Producers } from './queues';
import { createMailer, type Mailer } from './mail/mailer';
import { armFailpoint } from './failpoint';
import { createDocuSignClient, type DocuSignClient } from './docusign';
import { createPartnerCenterClient, type PartnerCenterClient } from './partner-center';

/**
 * Everything a use case or processor needs, built once per process and passed down
 * explicitly: no module reads config or opens connections on its own.
 */
export interface Context {
  config: Config;
  db: Db;
  models: Models;
  queues: Producers;
  redis: Redis;
  /** Messages every process hears (Redis pub/sub), e.g. API-key revocations for the auth caches. */
  broadcast: Broadcast;
  mailer: Mailer;
  /** Present when DocuSign credentials are configured (the docusign channel is on). */
  docusign?: DocuSignClient;
  /** Present when PARTNER_CENTER_BASE_URL is configured (Microsoft-side acceptance is checked). */
  partnerCenter?: PartnerCenterClient;
  logger: Logger;
  now: () => Date;
  /** DNS for DKIM/DMARC checks; tests inject their own records (no network here). */
  dnsResolver?: (name: string, rrtype: string) => Promise<unknown>;
}

export async function createContext(
  config: Config,
  opts: { logger?: Logger; dnsResolver?: Context['dnsResolver'] } = {},
): Promise<Context & { close(): Promise<void> }> {
  armFailpoint(config.MCA_FAILPOINT);
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const db = await connectDb(config.MONGO_URL);
  const redis = createRedis(config.REDIS_URL, 'producer');
  const queues = createProducers(redis, {
    prefix: config.QUEUE_PREFIX,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
  });
  const broadcast = createBroadcast({ redisUrl: config.REDIS_URL, publisher: redis, prefix: config.QUEUE_PREFIX, logger });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, outboxDir: config.OUTBOX_DIR, from: config.MAIL_FROM });
  return {
    config,
    db,
    models: db.models,
    queues,
    redis,
    broadcast,
    mailer,
    docusign: config.docusign ? createDocuSignClient(config.docusign) : undefined,
    partnerCenter: config.partnerCenter ? createPartnerCenterClient(config.partnerCenter) : undefined,
    logger,
    now: () => new Date(),
    dnsResolver: opts.dnsResolver,
    async close() {
      await queues.close();
      broadcast.close();
      redis.disconnect();
      mailer.close();
      await db.conn.close();
    },
  };
}
