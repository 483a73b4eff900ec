import { LRUCache } from 'lru-cache';

/**
 * A short-lived read-through cache of rows by id, one per store (keyed by the model it reads, so
 * two stores in one process never meet): reads of one id under way at once are one read, a row
 * is reused for `ttlMs` from its read (never extended by use), and a missing row is not
 * remembered. The one home of "read at most once per TTL per process" (partner settings, a
 * campaign's running status).
 */
export function readThroughCache<M extends object, V extends object | string>(opts: {
  max: number;
  ttlMs: number;
  read: (model: M, id: string) => Promise<V | null | undefined>;
}): (model: M, id: string) => Promise<V | undefined> {
  // The cache of a store reads through that store's model (a WeakMap entry's value may point at its key).
  const perStore = new WeakMap<M, LRUCache<string, V>>();
  return (model, id) => {
    let cache = perStore.get(model);
    if (!cache) {
      cache = new LRUCache<string, V>({ max: opts.max, ttl: opts.ttlMs, fetchMethod: async (key) => (await opts.read(model, key)) ?? undefined });
      perStore.set(model, cache);
    }
    return cache.fetch(id);
  };
}
