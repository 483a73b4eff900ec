import { LRUCache } from 'lru-cache';

/** The last event this process appended to or read from a chain: where its next append links. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Chains remembered per store: a 10,000-customer campaign touches each chain twice within minutes. */
const MAX_HEADS = 20_000;

export interface ChainHeads {
  get(customerId: string): ChainHead | undefined;
  set(customerId: string, head: ChainHead): void;
}

const perStore = new WeakMap<object, LRUCache<string, ChainHead>>();

/**
 * Chain heads as this process last saw them in one store (keyed by its audit events model, so
 * two stores in one process never meet). Only a hint: an append links after the cached head,
 * and the unique {customerId, seq} index refuses it when another writer got there first (seqs
 * are dense and never deleted, so a stale head always collides); the writer then re-reads.
 */
export function chainHeadsOf(store: object): ChainHeads {
  let heads = perStore.get(store);
  if (!heads) perStore.set(store, (heads = new LRUCache<string, ChainHead>({ max: MAX_HEADS })));
  const cache = heads;
  return {
    get: (customerId) => cache.get(customerId),
    set: (customerId, head) => void cache.set(customerId, { seq: head.seq, hash: head.hash }),
  };
}
