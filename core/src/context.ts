import type { Redis } from 'ioredis';
import type { Config } from './config';
import { connectDb, type Db, type Models } from './db';
import { createLogger, type Logger, armFailpoint, createSecretBox, secretKeysFor, type SecretBox, type HostResolver } from '@mca/platform';
import { createBroadcast, createProducers, createRedis, type Broadcast, type Producers } from './queues';
import { createMailer, type Mailer, createDocuSignClient, type DocuSignClient, createPartnerCenterClient, type PartnerCenterClient } from '@mca/integrations';
import { createOrderingFeed, type OrderingFeed } from './ordering/ordering-feed';
import { reviveNotificationsFailedEarly, sealWebhookSecrets } from './db/migrations';
import { createVault, dataMasterKeysFor, type Vault } from './vault';

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
  /** Changes to customers' order-gate state (a Redis stream), for every API instance's in-memory gate. */
  orderingFeed: OrderingFeed;
  mailer: Mailer;
  /** Present when DocuSign credentials are configured (the docusign channel is on). */
  docusign?: DocuSignClient;
  /** Present when PARTNER_CENTER_BASE_URL is configured (Microsoft-side acceptance is checked). */
  partnerCenter?: PartnerCenterClient;
  logger: Logger;
  now: () => Date;
  /** DNS for DKIM/DMARC checks; tests inject their own records (no network here). */
  dnsResolver?: (name: string, rrtype: string) => Promise<unknown>;
  /** Host name -> addresses for partner webhooks (default: the system resolver); tests inject their own. */
  hostResolver?: HostResolver;
  /** Seals and opens secrets kept at rest (partners' webhook secrets). */
  secrets: SecretBox;
  /** Seals and opens personal data at rest under each customer's data key (core/src/vault/). */
  vault: Vault;
}

export async function createContext(
  config: Config,
  opts: { logger?: Logger; dnsResolver?: Context['dnsResolver']; hostResolver?: HostResolver } = {},
): Promise<Context & { close(): Promise<void> }> {
  armFailpoint(config.MCA_FAILPOINT);
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const { keys, generated } = secretKeysFor(config);
  if (generated) logger.warn({ file: generated }, 'SECRETS_KEY is not set: generated a key for webhook secrets in this file; set SECRETS_KEY in production');
  const secrets = createSecretBox(keys);
  const dataKeys = dataMasterKeysFor(config);
  if (dataKeys.generated)
    logger.warn({ file: dataKeys.generated }, 'DATA_KEYS is not set: generated a master key for personal data in this file; set DATA_KEYS in production');
  const db = await connectDb(config.MONGO_URL);
  const vault = createVault(db.models, dataKeys.keys);
  await sealWebhookSecrets(db.models, secrets);
  const revived = await reviveNotificationsFailedEarly(db.models, config.WEBHOOK_RETRY_FOR, new Date());
  if (revived > 0) logger.warn({ revived }, 'partner notifications failed under the old retry budget are pending again');
  const redis = createRedis(config.REDIS_URL, 'producer');
  const queues = createProducers(redis, {
    prefix: config.QUEUE_PREFIX,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
  });
  const broadcast = createBroadcast({ redisUrl: config.REDIS_URL, publisher: redis, prefix: config.QUEUE_PREFIX, logger });
  const orderingFeed = createOrderingFeed({ redisUrl: config.REDIS_URL, publisher: redis, prefix: config.QUEUE_PREFIX });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, outboxDir: config.OUTBOX_DIR, from: config.MAIL_FROM });
  return {
    config,
    db,
    models: db.models,
    queues,
    redis,
    broadcast,
    orderingFeed,
    mailer,
    docusign: config.docusign ? createDocuSignClient(config.docusign) : undefined,
    partnerCenter: config.partnerCenter ? createPartnerCenterClient(config.partnerCenter) : undefined,
    logger,
    now: () => new Date(),
    dnsResolver: opts.dnsResolver,
    hostResolver: opts.hostResolver,
    secrets,
    vault,
    async close() {
      await queues.close();
      broadcast.close();
      orderingFeed.close();
      redis.disconnect();
      mailer.close();
      await db.conn.close();
    },
  };
}
