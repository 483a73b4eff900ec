import type { Types } from 'mongoose';
import type { Models } from './bind-models';
import type { Partner } from './models/partner';
import { readThroughCache } from './read-through-cache';

/** How long a partner read is reused: only an operator editing the row by hand is seen this late. */
const TTL_MS = 30_000;
const MAX = 10_000;

const cachedPartner = readThroughCache<Models['partners'], Partner>({
  max: MAX,
  ttlMs: TTL_MS,
  read: (partners, id) => partners.findById(id).lean<Partner>(),
});

/**
 * A partner's row as the send and notify steps need it (name, notify email, webhook URL and
 * sealed secret, Partner Center identity), read at most once per TTL_MS per process (reads of
 * one partner under way at once are one read). Partners are written once, when created (no
 * endpoint changes one), so a reply's three reads of the same row (Partner Center access, the
 * event's channels, each delivery) can be one. Null: no such partner (not remembered).
 */
export async function partnerSettings(models: Pick<Models, 'partners'>, partnerId: Types.ObjectId | string): Promise<Partner | null> {
  return (await cachedPartner(models.partners, partnerId.toString())) ?? null;
}
