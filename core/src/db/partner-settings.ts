import type { Types } from 'mongoose';
import type { Models } from './bind-models';
import type { Partner } from './models/partner';

/** How long a partner read is reused: only an operator editing the row by hand is seen this late. */
const TTL_MS = 30_000;
const MAX = 10_000;

type Entry = { partner: Partner; until: number };
const perStore = new WeakMap<object, { entries: Map<string, Entry>; reading: Map<string, Promise<Partner | null>> }>();

/**
 * A partner's row as the send and notify steps need it (name, notify email, webhook URL and
 * sealed secret, Partner Center identity), read at most once per TTL_MS per process. Partners
 * are written once, when created (no endpoint changes one), so a reply's three reads of the same
 * row (Partner Center access, the event's channels, each delivery) can be one. Null: no such partner.
 */
export async function partnerSettings(models: Pick<Models, 'partners'>, partnerId: Types.ObjectId | string): Promise<Partner | null> {
  let store = perStore.get(models.partners);
  if (!store) perStore.set(models.partners, (store = { entries: new Map(), reading: new Map() }));
  const { entries, reading } = store;
  const id = partnerId.toString();
  const hit = entries.get(id);
  if (hit && hit.until > Date.now()) return hit.partner;
  const pending = reading.get(id);
  if (pending) return pending;
  const read = (async () => {
    const partner = await models.partners.findById(id).lean<Partner>();
    if (!partner) return null; // not kept: a missing partner is an error path, never a hot one
    entries.delete(id);
    entries.set(id, { partner, until: Date.now() + TTL_MS });
    if (entries.size > MAX) entries.delete(entries.keys().next().value!);
    return partner;
  })().finally(() => reading.delete(id));
  reading.set(id, read);
  return read;
}
