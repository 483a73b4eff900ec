import type { McaTemplate, PartnerCenterClient } from '@mca/integrations';

/** The current MCA template changes rarely (a new version of the agreement); an hour old is current enough. */
export const MCA_TEMPLATE_TTL_MS = 60 * 60_000;

interface Entry {
  template: McaTemplate;
  fetchedAtMs: number;
}

/** Per client, so two contexts (or tests) never share an answer. */
const cache = new WeakMap<PartnerCenterClient, Entry>();
const inFlight = new WeakMap<PartnerCenterClient, Promise<Entry>>();

export interface CurrentTemplate {
  template: McaTemplate;
  /** True when Partner Center failed and an answer older than the TTL is used. */
  stale: boolean;
}

/**
 * The current MCA template from Partner Center, remembered in memory for an hour. When Partner
 * Center fails, a remembered answer of any age is returned (stale) and `onStale` told why;
 * without one the error is thrown.
 */
export async function currentMcaTemplate(
  client: PartnerCenterClient,
  nowMs: number,
  onStale: (err: unknown, fetchedAt: Date) => void,
): Promise<CurrentTemplate> {
  const known = cache.get(client);
  if (known && nowMs - known.fetchedAtMs < MCA_TEMPLATE_TTL_MS) return { template: known.template, stale: false };
  try {
    const entry = await fetchOnce(client, nowMs);
    return { template: entry.template, stale: false };
  } catch (err) {
    if (!known) throw err;
    onStale(err, new Date(known.fetchedAtMs));
    return { template: known.template, stale: true };
  }
}

/** Concurrent lookups share one Partner Center call. */
function fetchOnce(client: PartnerCenterClient, nowMs: number): Promise<Entry> {
  let pending = inFlight.get(client);
  if (!pending) {
    pending = client
      .getMcaTemplate()
      .then((template) => {
        const entry = { template, fetchedAtMs: nowMs };
        cache.set(client, entry);
        return entry;
      })
      .finally(() => inFlight.delete(client));
    inFlight.set(client, pending);
  }
  return pending;
}

/** Tests: forget what a client was told. */
export function forgetMcaTemplate(client: PartnerCenterClient): void {
  cache.delete(client);
}
