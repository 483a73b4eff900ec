import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Types } from 'mongoose';
import { AppError, type SecretKey } from '@mca/platform';
import type { Models } from '../db/bind-models';
import { duplicatesRefused, isDuplicateKey } from '../db/duplicate-key';
import { decrypt, encrypt } from './cipher';

/** `customer:<id>`, `system:inbound` or `lookup`: the `_id` of a data_keys row. */
export type DataKeyId = `customer:${string}` | 'system:inbound' | 'lookup';

export const customerKeyId = (customerId: Types.ObjectId | string): DataKeyId => `customer:${customerId.toString()}`;

export const personalDataErased = () => new AppError('PERSONAL_DATA_ERASED', "this customer's personal data was erased; it is gone for good");

/**
 * The data keys: made on first use (race-safe: an upsert that only inserts, then whoever won is
 * read back), unwrapped with the master key named on the row, cached briefly in this process.
 * The cache keeps a sent email or a page from asking the database for its key each time, and
 * its short life bounds how long an erasure elsewhere leaves a copy of the key in this process.
 */
export interface DataKeys {
  /** The key to seal with, made if there is none yet; PERSONAL_DATA_ERASED for an erased customer. */
  forSealing(id: DataKeyId, partnerId?: Types.ObjectId): Promise<Buffer>;
  /** Makes the keys of customers just created in bulk (an import batch): one insert, not one upsert each. */
  createForNewCustomers(owners: { customerId: Types.ObjectId; partnerId: Types.ObjectId }[]): Promise<void>;
  /** The key to open with; 'erased' for an erased customer (also when it never had one). */
  forOpening(id: DataKeyId): Promise<Buffer | 'erased'>;
  /** Destroys a customer's key for good (a row with only `erasedAt` stays); false when it was erased already. */
  erase(id: DataKeyId, at: Date): Promise<boolean>;
  isErased(id: DataKeyId): Promise<boolean>;
  /**
   * Unwraps and caches keys their caller read in bulk (a report's cursor over the partner's
   * keys), so the customers opened next need no read each. Erased rows are left to forOpening.
   */
  warm(rows: Iterable<{ _id: string; kid?: string; wrapped?: string }>): void;
  /** Re-wraps every key not under the first master key; the data they seal is left as it is. */
  rewrapAll(at: Date): Promise<{ rewrapped: number; current: number; erased: number }>;
}

/** How long an unwrapped key is kept after its read: counted from the read, never extended by use, so an erasure elsewhere reaches this process that late at most. */
const CACHE_TTL_MS = 30_000;
/** 32-byte keys: 20,000 are a few MB, and a deadline-week portfolio's worth of customers stays warm for a report or a campaign. */
const CACHE_MAX = 20_000;

/**
 * A key in memory of its own. An unwrapped key comes out of Buffer.concat as 32 bytes of an 8 KB
 * pool slab shared with whatever was allocated beside it: cached, each key pinned its slab (80 MB
 * at 10,000 customers), and the slab's later users sat next to key bytes. The pooled original is
 * zeroed once copied.
 */
function ownedCopy(key: Buffer): Buffer {
  if (key.byteOffset === 0 && key.buffer.byteLength === key.length) return key;
  const own = Buffer.alloc(key.length);
  key.copy(own);
  key.fill(0);
  return own;
}

export function createDataKeys(models: Pick<Models, 'dataKeys'>, masterKeys: SecretKey[], opts: { ttlMs?: number } = {}): DataKeys {
  const master = masterKeys[0];
  if (!master) throw new Error('the vault needs at least one master key (DATA_KEYS)');
  const masterById = new Map(masterKeys.map((k) => [k.id, k.key]));
  // lru-cache's get() leaves an entry's age alone (updateAgeOnGet is off): a key in constant use still expires.
  const cache = new LRUCache<string, Buffer>({ max: CACHE_MAX, ttl: opts.ttlMs ?? CACHE_TTL_MS });

  const unwrap = (id: string, kid: string, wrapped: string): Buffer => {
    const key = masterById.get(kid);
    if (!key)
      throw new Error(
        `data key ${id} is wrapped with master key id ${kid}, which is not in DATA_KEYS (add it after the current key, then run npm run rotate-keys)`,
      );
    try {
      return decrypt(key, Buffer.from(wrapped, 'base64'), id);
    } catch {
      throw new Error(`data key ${id} does not open with master key id ${kid}: DATA_KEYS holds another key under that id`);
    }
  };
  const remember = (id: string, key: Buffer) => {
    const own = ownedCopy(key);
    cache.set(id, own);
    return own;
  };
  const cached = (id: string) => cache.get(id);
  /** Reads under way, by key: a customer's two people opened side by side cost one read, not two. */
  const reading = new Map<string, Promise<Buffer | 'erased' | undefined>>();
  const readRow = async (id: DataKeyId): Promise<Buffer | 'erased' | undefined> => {
    const row = await models.dataKeys.findById(id).lean();
    if (!row) return undefined;
    if (!row.wrapped || !row.kid) return 'erased' as const;
    return remember(id, unwrap(id, row.kid, row.wrapped));
  };
  const read = (id: DataKeyId): Promise<Buffer | 'erased' | undefined> => {
    const pending = reading.get(id);
    if (pending) return pending;
    const fresh = readRow(id).finally(() => reading.delete(id));
    reading.set(id, fresh);
    return fresh;
  };

  return {
    async forSealing(id, partnerId) {
      const hit = cached(id);
      if (hit) return hit;
      const existing = await read(id);
      if (existing === 'erased') throw personalDataErased();
      if (existing) return existing;
      const fresh = randomBytes(32);
      try {
        await models.dataKeys.updateOne(
          { _id: id },
          {
            $setOnInsert: {
              kid: master.id,
              wrapped: encrypt(master.key, fresh, id).toString('base64'),
              createdAt: new Date(),
              ...(partnerId ? { partnerId } : {}),
            },
          },
          { upsert: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // a racing process inserted first: its key is the one
      }
      // Read afresh, not by joining a read under way: that one may have started before the
      // upsert and seen no row (two first uses side by side answered 500 "not stored").
      const winner = await readRow(id);
      if (winner === 'erased') throw personalDataErased();
      if (!winner) throw new Error(`data key ${id} was not stored`);
      return winner;
    },
    async createForNewCustomers(owners) {
      const createdAt = new Date();
      const rows = owners.map(({ customerId, partnerId }) => {
        const _id = customerKeyId(customerId);
        const key = randomBytes(32);
        return { _id, key, row: { _id, partnerId, kid: master.id, wrapped: encrypt(master.key, key, _id).toString('base64'), createdAt } };
      });
      if (rows.length === 0) return;
      try {
        await models.dataKeys.insertMany(
          rows.map((r) => r.row),
          { ordered: false, lean: true },
        );
      } catch (err) {
        const refused = duplicatesRefused(err);
        if (!refused) throw err;
        // A key that was there already stays the key: forget ours, forSealing reads it.
        rows.forEach((r, i) => (refused.has(i) ? cache.delete(r._id) : remember(r._id, r.key)));
        return;
      }
      for (const r of rows) remember(r._id, r.key);
    },
    async forOpening(id) {
      return cached(id) ?? (await read(id)) ?? 'erased';
    },
    warm(rows) {
      for (const row of rows) if (row.kid && row.wrapped && !cached(row._id)) remember(row._id, unwrap(row._id, row.kid, row.wrapped));
    },
    async erase(id, at) {
      cache.delete(id);
      const res = await models.dataKeys.updateOne({ _id: id, erasedAt: { $exists: false } }, { $set: { erasedAt: at }, $unset: { wrapped: 1, kid: 1 } });
      if (res.matchedCount > 0) return true;
      try {
        // No key was ever made: the tombstone still refuses one from now on.
        await models.dataKeys.create({ _id: id, createdAt: at, erasedAt: at });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async isErased(id) {
      const row = await models.dataKeys.findById(id, { erasedAt: 1 }).lean();
      return Boolean(row?.erasedAt);
    },
    async rewrapAll(at) {
      let rewrapped = 0;
      let current = 0;
      let erased = 0;
      for await (const row of models.dataKeys.find({}).lean().cursor()) {
        if (!row.wrapped || !row.kid) {
          erased += 1;
          continue;
        }
        if (row.kid === master.id) {
          current += 1;
          continue;
        }
        const key = unwrap(row._id, row.kid, row.wrapped);
        // Matched on the old wrapping: a concurrent rotation's result is never overwritten.
        const res = await models.dataKeys.updateOne(
          { _id: row._id, kid: row.kid, wrapped: row.wrapped },
          { $set: { kid: master.id, wrapped: encrypt(master.key, key, row._id).toString('base64'), rewrappedAt: at } },
        );
        if (res.modifiedCount > 0) rewrapped += 1;
        else current += 1;
      }
      return { rewrapped, current, erased };
    },
  };
}
