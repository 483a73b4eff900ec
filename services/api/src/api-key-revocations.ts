import type { BroadcastListener, Context } from '@mca/core';

const CHANNEL = 'api-keys:revoked';
const localListeners = new WeakMap<Context, Set<BroadcastListener>>();

/**
 * A deleted key must stop working on every API instance within seconds, while each instance
 * caches keys in memory. The revoking instance forgets the key at once; every other instance
 * hears it over Redis (the message is the key's SHA-256, never the key).
 */
export async function announceRevocation(ctx: Context, keyHash: string): Promise<void> {
  for (const l of localListeners.get(ctx) ?? []) l.onMessage(keyHash);
  try {
    await ctx.broadcast.publish(CHANNEL, keyHash);
  } catch (err) {
    // The delete stands: other instances drop the key when their cache entry expires (API_KEY_CACHE_MS).
    ctx.logger.error({ err }, 'API-key revocation not broadcast; other instances refuse the key once their cache expires');
  }
}

export function onRevocation(ctx: Context, listener: BroadcastListener): Promise<void> {
  const set = localListeners.get(ctx) ?? new Set();
  set.add(listener);
  localListeners.set(ctx, set);
  return ctx.broadcast.subscribe(CHANNEL, listener);
}
