import { z } from 'zod';
import type { DocuSignSettings, PartnerCenterSettings } from '@mca/integrations';
import { duration, durations, optionalDuration } from './duration';
import { shownValue } from './shown-value';
import { UNLOCK_POLICIES } from '../domain/unlock-policy';

/**
 * The only place that reads `process.env` (STYLE: validate once, pass the typed result).
 * Names and defaults are the external contract (CONTRACT.md); the extras below it are ours.
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL (${protocols.join(' or ')})`,
  );

// Date() rolls 2019-02-30 over to March 2: only a date that reads back the same is real.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00.000Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'must be a real date')
  .transform((v) => new Date(`${v}T00:00:00.000Z`));

const AGREEMENT_URL_KEY = /^(?:[a-z]{2}-)?[a-z]{2}$|^default$/;

/** `{"no-nb": "https://…", "nb": "https://…", "default": "https://…"}`, keys lower-cased. */
const agreementUrls = z
  .string()
  .optional()
  .transform((text, c) => {
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      c.addIssue({ code: 'custom', message: 'must be a JSON object of links, e.g. {"no-nb":"https://…","default":"https://…"}' });
      return z.NEVER;
    }
    const table = z.record(z.string(), url(['https:', 'http:'])).safeParse(parsed);
    if (!table.success) {
      c.addIssue({ code: 'custom', message: 'must map keys to http(s) URLs' });
      return z.NEVER;
    }
    const entries = Object.entries(table.data).map(([k, v]) => [k.trim().toLowerCase(), v] as const);
    const bad = entries.find(([k]) => !AGREEMENT_URL_KEY.test(k));
    if (bad) {
      c.addIssue({
        code: 'custom',
        message: `has key ${JSON.stringify(bad[0])}; keys are <country>-<language>, <language> or default (e.g. no-nb, nb, default)`,
      });
      return z.NEVER;
    }
    return Object.fromEntries(entries);
  });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * `SECRETS_KEY`: one base64 AES-256 key (its id is `default`) or `id:base64key,…` with the
 * key that encrypts first and older ones after it, to read what they sealed (rotation).
 */
const secretsKeys = z.string().transform((text, c) => {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of entries) {
    const named = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(entry);
    const [id, b64] = named ? [named[1]!, named[2]!] : entries.length === 1 ? ['default', entry] : [undefined, entry];
    const key = Buffer.from(b64, 'base64');
    if (!id || key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      c.addIssue({
        code: 'custom',
        message: 'must be a base64 32-byte key, or id:key,id:key,… (e.g. 2026:…,2025:…); generate one with `openssl rand -base64 32`',
      });
      return z.NEVER;
    }
    if (keys.some((k) => k.id === id)) {
      c.addIssue({ code: 'custom', message: `names key id ${id} twice` });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  if (keys.length === 0) {
    c.addIssue({ code: 'custom', message: 'must hold at least one key' });
    return z.NEVER;
  }
  return keys;
});

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
  /** dkim: only a DMARC-aligned DKIM pass accepts (or declines) without review; dmarc: aligned SPF counts too. */
  AUTO_ACCEPT_AUTH: z.enum(['dkim', 'dmarc']).default('dkim'),
  MCA_ENFORCEMENT_DATE: isoDate.prefault('2019-03-22'),
  UNLOCK_POLICY: z.enum(UNLOCK_POLICIES).default('consent'),
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
  PARTNER_CENTER_BASE_URL: optional.pipe(url(['https:', 'http:']).optional()),
  PARTNER_CENTER_TOKEN: optional,
  PARTNER_CENTER_POLL_SECONDS: positiveInt(3_600),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: booleanFlag.prefault('false'),
  /** After the send, when an unanswered representative is reminded (ms, ascending; empty: never). */
  REMINDER_AFTER: durations('3d,7d'),
  /** After the send, when an unanswered request of any channel expires (ms); see loadConfig for the microsoft alias. */
  REQUEST_EXPIRES_AFTER: optionalDuration(),
  // Ours, beyond the contract:
  /** App-only client credentials (Entra ID), instead of a fixed PARTNER_CENTER_TOKEN. */
  PARTNER_CENTER_TENANT_ID: optional,
  PARTNER_CENTER_CLIENT_ID: optional,
  PARTNER_CENTER_CLIENT_SECRET: optional,
  /** Where client credentials are exchanged; default Entra ID's v2 endpoint of PARTNER_CENTER_TENANT_ID. */
  PARTNER_CENTER_TOKEN_URL: optional.pipe(url(['https:', 'http:']).optional()),
  /** on: the `microsoft` channel sends Microsoft's enhanced-attestation link (indirect providers); off: the admin center link. */
  PARTNER_CENTER_ENHANCED_ATTESTATION: z.enum(['on', 'off']).default('on'),
  /** Deprecated alias of REQUEST_EXPIRES_AFTER (in days), read only when that is not set. */
  MICROSOFT_REQUEST_TTL_DAYS: optional.pipe(z.coerce.number<string | undefined>().int().positive().optional()),
  /** A DocuSign template to send instead of our generated acceptance form (role name below). */
  DOCUSIGN_TEMPLATE_ID: optional,
  DOCUSIGN_TEMPLATE_ROLE: z.string().default('signer'),
  /** DocuSign's account-wide API budget; every call goes through one rate-limited queue. */
  DOCUSIGN_CALLS_PER_HOUR: positiveInt(3_000),
  DOCUSIGN_BURST_PER_30S: positiveInt(500),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('mca'),
  OUTBOX_DIR: z.string().default('var/outbox'),
  AGREEMENTS_DIR: optional,
  /** JSON object of agreement links keyed `<country>-<language>`, `<language>` or `default` (without Partner Center). */
  AGREEMENT_URLS: optional.pipe(agreementUrls),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** BullMQ lock; a crashed worker's job is picked up again after about this long. */
  QUEUE_LOCK_MS: positiveInt(30_000),
  /** How old an outbox marker (inbound stored, unlock pending...) must be before the sweeper re-enqueues it. */
  SWEEP_AFTER_MS: positiveInt(60_000),
  SWEEP_EVERY_MS: positiveInt(30_000),
  /** Jobs run side by side per worker process on the queues that wait only on Mongo and HTTP (inbound mail, Connect, unlock, notify). */
  WORKER_CONCURRENCY: positiveInt(4),
  JOB_ATTEMPTS: positiveInt(8),
  JOB_BACKOFF_MS: positiveInt(2_000),
  EMAIL_RATE_PER_SECOND: positiveInt(10),
  /** A partner notification (webhook or email) is retried, with backoff up to an hour apart, until this long after its event. */
  WEBHOOK_RETRY_FOR: duration('72h'),
  /** How long the reply parser (email-reply-parser, in a thread) may take for one reply before it goes to review. */
  REPLY_PARSE_BUDGET: duration('2s'),
  /** Keys that encrypt partners' webhook secrets at rest; without it a key generated in SECRETS_KEY_FILE is used. */
  SECRETS_KEY: optional.pipe(secretsKeys.optional()),
  SECRETS_KEY_FILE: z.string().default('var/secrets.key'),
  /** Ed25519 key that signs audit checkpoints: PKCS#8 PEM, or base64 of the 32-byte seed; without it one is generated in AUDIT_SIGNING_KEY_FILE. */
  /**
   * Master keys that wrap each customer's data key (personal data at rest, core/src/vault/): same
   * shape as SECRETS_KEY, the first wraps, the others stay readable until `npm run rotate-keys`
   * re-wrapped what they wrapped. Without it a key generated in DATA_KEYS_FILE is used.
   */
  DATA_KEYS: optional.pipe(secretsKeys.optional()),
  DATA_KEYS_FILE: z.string().default('var/data-keys.key'),
  AUDIT_SIGNING_KEY: optional,
  AUDIT_SIGNING_KEY_FILE: z.string().default('var/audit-signing.key'),
  /** How often the scheduler signs a checkpoint over every audit chain's head. */
  AUDIT_CHECKPOINT_EVERY: duration('1h'),
  /** Per partner, shared by every API instance (Redis): partner API calls other than order authorization. */
  RATE_LIMIT_PER_MINUTE: positiveInt(1_200),
  /** Per partner, shared (Redis): calls that spend the deployment's email or Partner Center budget (consent requests, resends, re-checks). */
  RATE_LIMIT_SENDS_PER_MINUTE: positiveInt(60),
  /** Per partner and API instance (in memory, so the ordering path makes no Redis round trip): POST /v1/orders/authorize. */
  RATE_LIMIT_ORDERS_PER_MINUTE: positiveInt(60_000),
  MAX_EVIDENCE_BYTES: positiveInt(10 * 1024 * 1024),
  /** POST /v1/customers/import: counted while the body streams in (100,000 rows are about 12 MB). */
  MAX_IMPORT_BYTES: positiveInt(50 * 1024 * 1024),
  MAX_INBOUND_EMAIL_BYTES: positiveInt(10 * 1024 * 1024),
  /** Our envelopes' Connect messages carry no documents (a few KB); room for an account-level configuration that embeds some. */
  MAX_CONNECT_MESSAGE_BYTES: positiveInt(5 * 1024 * 1024),
  /** Inbound mail that matches no request is deleted this long (ms) after processing. */
  INBOUND_UNCORRELATED_RETENTION: duration('30d'),
  /** A worker process serves its own /metrics (and /healthz) on this port; none: not served. */
  METRICS_PORT: optional.pipe(z.coerce.number<string>().int().min(0).max(65535).optional()),
  /** Deprecated alias of METRICS_PORT (its name before the API and workers shared the setting). */
  WORKER_METRICS_PORT: optional.pipe(z.coerce.number<string>().int().min(0).max(65535).optional()),
  /**
   * How far past its live size a process's JavaScript heap may grow before V8 collects (percent;
   * 0 leaves V8 its own rule, up to 4x). Left to itself under a campaign's allocation rate V8
   * let the workers reach 410 MB for 90 MB live; at 50 they stay near 230 MB at the same speed.
   */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(50),
  /** Test-only fault injection: the process dies at this named point (see failpoint.ts). */
  MCA_FAILPOINT: optional,
});

type Env = z.infer<typeof envSchema>;
export type Config = Omit<Env, 'PUBLIC_URL' | 'REQUEST_EXPIRES_AFTER' | 'MICROSOFT_REQUEST_TTL_DAYS' | 'WORKER_METRICS_PORT'> & {
  PUBLIC_URL: string;
  /** Milliseconds: REQUEST_EXPIRES_AFTER, else the deprecated MICROSOFT_REQUEST_TTL_DAYS, else 30 days. */
  REQUEST_EXPIRES_AFTER: number;
  /** Set when all four DocuSign credentials are: the docusign channel is enabled. */
  docusign?: DocuSignSettings;
  /**
   * Set when PARTNER_CENTER_BASE_URL is: the Microsoft-side check and the enhanced flow are on.
   * The client's settings, with what the workers do with Partner Center.
   */
  partnerCenter?: PartnerCenterSettings & {
    /** PARTNER_CENTER_POLL_SECONDS: each request's interval between checks. */
    pollSeconds: number;
    /** PARTNER_CENTER_ENHANCED_ATTESTATION=on: the microsoft channel sends the enhanced-attestation link. */
    enhancedAttestation: boolean;
  };
};

const DOCUSIGN_CREDENTIALS = ['DOCUSIGN_INTEGRATION_KEY', 'DOCUSIGN_USER_ID', 'DOCUSIGN_ACCOUNT_ID', 'DOCUSIGN_PRIVATE_KEY'] as const;

function docusignConfig(c: Env): DocuSignSettings | undefined {
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

function partnerCenterConfig(c: Env): Config['partnerCenter'] {
  const base = c.PARTNER_CENTER_BASE_URL;
  const credentialNames = ['PARTNER_CENTER_CLIENT_ID', 'PARTNER_CENTER_CLIENT_SECRET'] as const;
  const anyCredential = c.PARTNER_CENTER_TOKEN || credentialNames.some((k) => c[k]);
  if (!base) {
    if (anyCredential) throw new ConfigError('Invalid configuration: PARTNER_CENTER_BASE_URL is required when Partner Center credentials are set');
    return undefined;
  }
  const common = {
    baseUrl: base.replace(/\/+$/, '').replace(/\/v1$/, ''),
    pollSeconds: c.PARTNER_CENTER_POLL_SECONDS,
    enhancedAttestation: c.PARTNER_CENTER_ENHANCED_ATTESTATION === 'on',
  };
  if (c.PARTNER_CENTER_TOKEN) return { ...common, auth: { kind: 'token', token: c.PARTNER_CENTER_TOKEN } };
  const missing = credentialNames.find((k) => !c[k]);
  if (missing) throw new ConfigError(`Invalid configuration: ${missing} is required with PARTNER_CENTER_BASE_URL (or set PARTNER_CENTER_TOKEN)`);
  const tokenUrl =
    c.PARTNER_CENTER_TOKEN_URL ??
    (c.PARTNER_CENTER_TENANT_ID ? `https://login.microsoftonline.com/${encodeURIComponent(c.PARTNER_CENTER_TENANT_ID)}/oauth2/v2.0/token` : undefined);
  if (!tokenUrl) throw new ConfigError('Invalid configuration: PARTNER_CENTER_TENANT_ID (or PARTNER_CENTER_TOKEN_URL) is required with client credentials');
  return { ...common, auth: { kind: 'client-credentials', tokenUrl, clientId: c.PARTNER_CENTER_CLIENT_ID!, clientSecret: c.PARTNER_CENTER_CLIENT_SECRET! } };
}

const DEFAULT_REQUEST_EXPIRES_AFTER_MS = 30 * 86_400_000;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'} (got ${shownValue(name, env[name])})`);
  }
  const c = parsed.data;
  const partnerCenter = partnerCenterConfig(c);
  if (c.UNLOCK_POLICY === 'consent+microsoft' && !partnerCenter) {
    // Nothing could ever confirm Microsoft's side: every tenant would stay locked for good.
    throw new ConfigError('Invalid configuration: UNLOCK_POLICY=consent+microsoft needs Partner Center (set PARTNER_CENTER_BASE_URL and its credentials)');
  }
  const { MICROSOFT_REQUEST_TTL_DAYS: ttlDays, WORKER_METRICS_PORT: oldMetricsPort, ...rest } = c;
  return {
    ...rest,
    METRICS_PORT: c.METRICS_PORT ?? oldMetricsPort,
    // One expiry rule for every channel; the old microsoft-only setting still works when it is the only one set.
    REQUEST_EXPIRES_AFTER: c.REQUEST_EXPIRES_AFTER ?? (ttlDays !== undefined ? ttlDays * 86_400_000 : DEFAULT_REQUEST_EXPIRES_AFTER_MS),
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    docusign: docusignConfig(c),
    partnerCenter,
  };
}

/** This process's environment with `overrides`, for a child process (npm start's supervisor passes the database it started). */
export function environmentWith(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
