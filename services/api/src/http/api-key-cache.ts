import type { Types } from 'mongoose';
import type { ApiKeyScope, Context } from '@mca/core';
import { onRevocation } from '../api-key-revocations';

/** Longest an instance that missed a revocation message still honours the key. */
export const API_KEY_CACHE_MS = 5_000;
/** lastUsedAt is kept to this resolution: at most one write per key per minute, never awaited by a request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_ENTRIES = 10_000;

export interface AuthedPartner {
  id: Types.ObjectId;
  name: string;
}

export interface ResolvedKey {
  keyId: Types.ObjectId;
  scope: ApiKeyScope;
  partner: AuthedPartner;
}

interface Entry {
  key: ResolvedKey;
  until: number;
  /** ms; what this instance last wrote or read as the key's lastUsedAt. */
  lastUsedAt: number;
}

export interface ApiKeyCache {
  /** The key with this SHA-256, or undefined when no such key exists (any more). */
  lookup(keyHash: string): Promise<ResolvedKey | undefined>;
  /** The key when this instance holds it unexpired, else undefined (then ask lookup): no promise on the ordering path. */
  cached(keyHash: string): ResolvedKey | undefined;
  /** Resolves once revocations from other instances are heard. */
  listening: Promise<void>;
}

/**
 * Keeps the order-authorization path at no database read per call for a known key. An entry
 * lives API_KEY_CACHE_MS at most, and a revocation (this instance or another) removes it at once.
 */
export function createApiKeyCache(ctx: Context, opts: { ttlMs?: number } = {}): ApiKeyCache {
  const ttlMs = opts.ttlMs ?? API_KEY_CACHE_MS;
  const entries = new Map<string, Entry>();
  // A read that started before a revocation was heard may carry the revoked key: not cached.
  let revocationsHeard = 0;
  const listening = onRevocation(ctx, {
    onMessage(keyHash) {
      revocationsHeard++;
      entries.delete(keyHash);
    },
    onGap() {
      revocationsHeard++;
      entries.clear();
    },
  }).catch((err: unknown) => {
    ctx.logger.error({ err }, `API-key revocations not subscribed: revoked keys are refused here once cached entries expire (${ttlMs} ms)`);
  });

  function recordUse(entry: Entry, now: number) {
    if (now - entry.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
    entry.lastUsedAt = now;
    const staleBefore = new Date(now - LAST_USED_RESOLUTION_MS);
    // Conditional: of all instances, only the first in each minute writes.
    void ctx.models.apiKeys
      .updateOne(
        { _id: entry.key.keyId, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: staleBefore } }] },
        { $set: { lastUsedAt: new Date(now) } },
      )
      .catch((err: unknown) => ctx.logger.warn({ err, keyId: entry.key.keyId }, 'API key lastUsedAt not recorded'));
  }

  function cached(keyHash: string): ResolvedKey | undefined {
    const now = Date.now();
    const hit = entries.get(keyHash);
    if (!hit || hit.until <= now) return undefined;
    recordUse(hit, now);
    return hit.key;
  }

  async function lookup(keyHash: string): Promise<ResolvedKey | undefined> {
    const hit = cached(keyHash);
    if (hit) return hit;
    const now = Date.now();
    const heardBefore = revocationsHeard;
    const doc = await ctx.models.apiKeys.findOne({ keyHash }, { partnerId: 1, scope: 1, lastUsedAt: 1 }).lean();
    const partner = doc && (await ctx.models.partners.findById(doc.partnerId, { name: 1 }).lean());
    if (!doc || !partner) {
      entries.delete(keyHash);
      return undefined;
    }
    const entry: Entry = {
      key: { keyId: doc._id, scope: doc.scope, partner: { id: partner._id, name: partner.name } },
      until: now + ttlMs,
      lastUsedAt: doc.lastUsedAt?.getTime() ?? 0,
    };
    if (heardBefore === revocationsHeard) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(keyHash, entry);
    }
    recordUse(entry, now);
    return entry.key;
  }

  return { lookup, cached, listening: listening.then(() => undefined) };
}
