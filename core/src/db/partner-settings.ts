import { LRUCache } from 'lru-cache';
import type { Types } from 'mongoose';
import type { Models } from './bind-models';
import type { Partner } from './models/partner';

/** How long a partner read is reused: only an operator editing the row by hand is seen this late. */
const TTL_MS = 30_000;
const MAX = 10_000;

type PartnerCache = LRUCache<string, Partner, Pick<Models, 'partners'>>;
const perStore = new WeakMap<object, PartnerCache>();

/**
 * A partner's row as the send and notify steps need it (name, notify email, webhook URL and
 * sealed secret, Partner Center identity), read at most once per TTL_MS per process (reads of
 * one partner under way at once are one read). Partners are written once, when created (no
 * endpoint changes one), so a reply's three reads of the same row (Partner Center access, the
 * event's channels, each delivery) can be one. Null: no such partner (not remembered).
 */
export async function partnerSettings(models: Pick<Models, 'partners'>, partnerId: Types.ObjectId | string): Promise<Partner | null> {
  let cache = perStore.get(models.partners);
  if (!cache) {
    cache = new LRUCache<string, Partner, Pick<Models, 'partners'>>({
      max: MAX,
      ttl: TTL_MS,
      fetchMethod: async (id, _stale, { context }) => (await context.partners.findById(id).lean<Partner>()) ?? undefined,
    });
    perStore.set(models.partners, cache);
  }
  return (await cache.fetch(partnerId.toString(), { context: models })) ?? null;
}
