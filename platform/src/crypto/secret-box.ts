import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyFileText } from './key-file';

export interface SecretKey {
  id: string;
  key: Buffer;
}

const PREFIX = 'sealed:v1:';

/**
 * Secrets we must keep readable (a webhook secret signs every delivery, so it cannot be
 * hashed), encrypted at rest with AES-256-GCM. A sealed value carries the id of the key that
 * sealed it, so older keys stay usable for reading while the first key seals (rotation).
 * `context` is bound in as additional data: a sealed value copied to another record, or
 * another field, does not open there.
 */
export interface SecretBox {
  seal(plain: string, context: string): string;
  /** A value that is not sealed (plain text written before encryption) comes back as it is. */
  open(stored: string, context: string): string;
  /** False for plain values and for values sealed with a key other than the current one. */
  isCurrent(stored: string): boolean;
}

export function createSecretBox(keys: SecretKey[]): SecretBox {
  const current = keys[0];
  if (!current) throw new Error('createSecretBox needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${current.id}:${[iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join(':')}`;
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [id, iv, data, tag] = stored.slice(PREFIX.length).split(':');
      const key = id ? byId.get(id) : undefined;
      if (!key || !iv || !data || !tag) throw new Error(`cannot open a secret sealed with key id ${id ?? '?'}: that key is not in SECRETS_KEY`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    isCurrent(stored) {
      return stored.startsWith(`${PREFIX}${current.id}:`);
    },
  };
}

/**
 * The keys to use: SECRETS_KEY when configured; otherwise a key generated once into
 * SECRETS_KEY_FILE (0600) and read from there on later starts, so `npm start` needs no
 * configuration. That key is only as safe as the file next to the data and lost with it:
 * production sets SECRETS_KEY (docker-compose requires it).
 */
export function secretKeysFor(config: { SECRETS_KEY?: SecretKey[]; SECRETS_KEY_FILE: string }): { keys: SecretKey[]; generated?: string } {
  return configuredOrLocalKeys(config.SECRETS_KEY, config.SECRETS_KEY_FILE, 'SECRETS_KEY');
}

/** Configured keys, else the one key generated once into `file` (id `local`): the rule SECRETS_KEY and DATA_KEYS share. */
export function configuredOrLocalKeys(configured: SecretKey[] | undefined, file: string, setting: string): { keys: SecretKey[]; generated?: string } {
  if (configured) return { keys: configured };
  const { text, generated } = keyFileText(file);
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key (set ${setting}, or remove the file to generate one)`);
  return { keys: [{ id: 'local', key }], generated };
}
