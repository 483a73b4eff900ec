import { z } from 'zod';

/**
 * The only place that reads `process.env` (STYLE: validate once, pass the typed result).
 * Names and defaults are the external contract (CONTRACT.md); the extras below it are ours.
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(' or ')})`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)')
  .transform((v) => new Date(`${v}T00:00:00.000Z`))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a real date');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGO_URL: url(['mongodb:', 'mongodb+srv:']).default('mongodb://127.0.0.1:27017/mca'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  PUBLIC_URL: optional.pipe(url(['http:', 'https:']).optional()),
  ADMIN_TOKEN: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SMTP_URL: optional.pipe(url(['smtp:', 'smtps:']).optional()),
  MAIL_FROM: z.string().min(3).default('MCA Consent <mca@localhost>'),
  REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name')
    .default('reply.localhost'),
  INBOUND_EMAIL_SECRET: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  INBOUND_AUTHSERV_ID: optional,
  MCA_ENFORCEMENT_DATE: isoDate.prefault('2019-03-22'),
  UNLOCK_POLICY: z.enum(['consent', 'consent+microsoft']).default('consent'),
  DOCUSIGN_INTEGRATION_KEY: optional,
  DOCUSIGN_USER_ID: optional,
  DOCUSIGN_ACCOUNT_ID: optional,
  // Env files often carry a PEM on one line with literal \n: accept both.
  DOCUSIGN_PRIVATE_KEY: optional.transform((v) => v?.replace(/\\n/g, '\n')),
  DOCUSIGN_BASE_PATH: url(['https:', 'http:']).default('https://demo.docusign.net/restapi'),
  DOCUSIGN_OAUTH_BASE_PATH: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be host[:port] without a scheme')
    .default('account-d.docusign.com'),
  DOCUSIGN_CONNECT_HMAC_KEYS: optional.transform((v) =>
    (v ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  ),
  // Ours, beyond the contract:
  /** A DocuSign template to send instead of our generated acceptance form (role name below). */
  DOCUSIGN_TEMPLATE_ID: optional,
  DOCUSIGN_TEMPLATE_ROLE: z.string().default('signer'),
  /** DocuSign's account-wide API budget; every call goes through one rate-limited queue. */
  DOCUSIGN_CALLS_PER_HOUR: positiveInt(3_000),
  DOCUSIGN_BURST_PER_30S: positiveInt(500),
  QUEUE_PREFIX: z.string().regex(/^[\w-]+$/).default('mca'),
  OUTBOX_DIR: z.string().default('var/outbox'),
  AGREEMENTS_DIR: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** BullMQ lock; a crashed worker's job is picked up again after about this long. */
  QUEUE_LOCK_MS: positiveInt(30_000),
  /** How old an outbox marker (inbound stored, unlock pending...) must be before the sweeper re-enqueues it. */
  SWEEP_AFTER_MS: positiveInt(60_000),
  SWEEP_EVERY_MS: positiveInt(30_000),
  JOB_ATTEMPTS: positiveInt(8),
  JOB_BACKOFF_MS: positiveInt(2_000),
  EMAIL_RATE_PER_SECOND: positiveInt(10),
  MAX_EVIDENCE_BYTES: positiveInt(10 * 1024 * 1024),
  MAX_INBOUND_EMAIL_BYTES: positiveInt(10 * 1024 * 1024),
  /** Test-only fault injection: the process dies at this named point (see failpoint.ts). */
  MCA_FAILPOINT: optional,
});

type Env = z.infer<typeof envSchema>;
export interface DocuSignConfig {
  integrationKey: string;
  userId: string;
  accountId: string;
  privateKey: string;
  basePath: string;
  oAuthBasePath: string;
}
export type Config = Omit<Env, 'PUBLIC_URL'> & {
  PUBLIC_URL: string;
  /** Set when all four DocuSign credentials are: the docusign channel is enabled. */
  docusign?: DocuSignConfig;
};

const DOCUSIGN_CREDENTIALS = ['DOCUSIGN_INTEGRATION_KEY', 'DOCUSIGN_USER_ID', 'DOCUSIGN_ACCOUNT_ID', 'DOCUSIGN_PRIVATE_KEY'] as const;

function docusignConfig(c: Env): DocuSignConfig | undefined {
  const missing = DOCUSIGN_CREDENTIALS.filter((k) => !c[k]);
  if (missing.length === DOCUSIGN_CREDENTIALS.length) return undefined;
  if (missing.length > 0) {
    throw new ConfigError(`Invalid configuration: ${missing[0]} is required when the other DocuSign credentials are set`);
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(c.DOCUSIGN_PRIVATE_KEY!)) {
    throw new ConfigError('Invalid configuration: DOCUSIGN_PRIVATE_KEY must be a PEM private key (-----BEGIN RSA PRIVATE KEY----- ...)');
  }
  return {
    integrationKey: c.DOCUSIGN_INTEGRATION_KEY!,
    userId: c.DOCUSIGN_USER_ID!,
    accountId: c.DOCUSIGN_ACCOUNT_ID!,
    privateKey: c.DOCUSIGN_PRIVATE_KEY!,
    basePath: c.DOCUSIGN_BASE_PATH.replace(/\/$/, ''),
    oAuthBasePath: c.DOCUSIGN_OAUTH_BASE_PATH,
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  const c = parsed.data;
  return {
    ...c,
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    docusign: docusignConfig(c),
  };
}
