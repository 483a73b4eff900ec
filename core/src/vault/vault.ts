import { createHmac } from 'node:crypto';
import type { Types } from 'mongoose';
import type { SecretKey } from '@mca/platform';
import type { Models } from '../db/bind-models';
import { decrypt, encrypt } from './cipher';
import { createDataKeys, customerKeyId, personalDataErased, type DataKeyId, type DataKeys } from './data-keys';

/** Whose key seals a value: a customer's (erasable), or the system's for mail not yet tied to one. */
export type Owner = { customerId: Types.ObjectId; partnerId?: Types.ObjectId } | 'system:inbound';

/** A value sealed under its owner's data key; `emailHash` (keyed) answers "same address?" without opening it. */
export interface Sealed {
  sealed: string;
  emailHash?: string;
}

const TEXT_PREFIX = 'vault:v1:';
/** Sealed blobs start with these bytes; blobs stored before sealing do not, and are read as they are. */
const BYTES_MAGIC = Buffer.from('MCAVAULT1\0');

/**
 * Personal data at rest: envelope encryption (AES-256-GCM) under a data key per customer, the
 * data keys wrapped by DATA_KEYS' first master key (data-keys.ts). Every value is bound to its
 * owner and field (AAD). Erasing a customer destroys its key: what it sealed no longer opens
 * and opening it throws PERSONAL_DATA_ERASED (410).
 */
export interface Vault {
  sealText(owner: Owner, field: string, plain: string): Promise<string>;
  /** Plain text stored before sealing comes back as it is. */
  openText(owner: Owner, field: string, stored: string): Promise<string>;
  sealBytes(owner: Owner, field: string, plain: Buffer): Promise<Buffer>;
  /** Bytes stored before sealing come back as they are. */
  openBytes(owner: Owner, field: string, stored: Buffer): Promise<Buffer>;
  sealJson(owner: Owner, field: string, value: unknown, emailOf?: string): Promise<Sealed>;
  openJson<T>(owner: Owner, field: string, stored: Sealed): Promise<T>;
  /** HMAC-SHA256 of a normalized email address under the lookup key: equality without the address. */
  emailHash(email: string): Promise<string>;
  isErased(customerId: Types.ObjectId): Promise<boolean>;
  keys: DataKeys;
}

export const isSealed = (v: unknown): v is Sealed => typeof v === 'object' && v !== null && typeof (v as Sealed).sealed === 'string';
export const isSealedText = (v: string) => v.startsWith(TEXT_PREFIX);
export const isSealedBytes = (b: Buffer) => b.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC);

const keyIdOf = (owner: Owner): DataKeyId => (owner === 'system:inbound' ? owner : customerKeyId(owner.customerId));

export function createVault(models: Pick<Models, 'dataKeys'>, masterKeys: SecretKey[]): Vault {
  const keys = createDataKeys(models, masterKeys);
  const sealingKey = (owner: Owner) => keys.forSealing(keyIdOf(owner), owner === 'system:inbound' ? undefined : owner.partnerId);
  const openingKey = async (owner: Owner) => {
    const key = await keys.forOpening(keyIdOf(owner));
    if (key === 'erased') throw personalDataErased();
    return key;
  };
  const aad = (owner: Owner, field: string) => `${keyIdOf(owner)}|${field}`;

  const vault: Vault = {
    async sealText(owner, field, plain) {
      return TEXT_PREFIX + encrypt(await sealingKey(owner), Buffer.from(plain, 'utf8'), aad(owner, field)).toString('base64');
    },
    async openText(owner, field, stored) {
      if (!isSealedText(stored)) return stored;
      return decrypt(await openingKey(owner), Buffer.from(stored.slice(TEXT_PREFIX.length), 'base64'), aad(owner, field)).toString('utf8');
    },
    async sealBytes(owner, field, plain) {
      return Buffer.concat([BYTES_MAGIC, encrypt(await sealingKey(owner), plain, aad(owner, field))]);
    },
    async openBytes(owner, field, stored) {
      if (!isSealedBytes(stored)) return stored;
      return decrypt(await openingKey(owner), stored.subarray(BYTES_MAGIC.length), aad(owner, field));
    },
    async sealJson(owner, field, value, emailOf) {
      const sealed = await vault.sealText(owner, field, JSON.stringify(value));
      return emailOf ? { sealed, emailHash: await vault.emailHash(emailOf) } : { sealed };
    },
    async openJson<T>(owner: Owner, field: string, stored: Sealed) {
      return JSON.parse(await vault.openText(owner, field, stored.sealed)) as T;
    },
    async emailHash(email) {
      return createHmac('sha256', await keys.forSealing('lookup'))
        .update(email.trim().toLowerCase())
        .digest('hex');
    },
    isErased: (customerId) => keys.isErased(customerKeyId(customerId)),
    keys,
  };
  return vault;
}
