import { countCampaign, type Campaign, type CampaignCounts, type Context } from '@mca/core';
import { onePerContext } from '../per-context';

/**
 * How long a running campaign's counts are reused. Counting reads every request of the
 * campaign (on the bundled store a 2,000-request campaign took 2-5 s under load), and the
 * console's progress bar and scripts poll every second or two: one count per campaign and
 * second per process, shared by every reader that asks meanwhile, bounds that load.
 */
const FRESH_MS = 1000;

const cacheOf = onePerContext(() => new Map<string, { at: number; counts: Promise<CampaignCounts> }>());

/** The counts a partner is shown: a frozen campaign's final ones, else at most FRESH_MS old. */
export function shownCounts(ctx: Context, campaign: Pick<Campaign, '_id' | 'status' | 'finalCounts'>): Promise<CampaignCounts> {
  if (campaign.finalCounts) return Promise.resolve(campaign.finalCounts);
  const cache = cacheOf(ctx);
  // Keyed by status too: counts read before a campaign completed are never shown with it.
  const key = `${campaign._id.toString()}:${campaign.status}`;
  const now = Date.now();
  for (const [k, e] of cache) if (now - e.at > FRESH_MS) cache.delete(k);
  const hit = cache.get(key);
  if (hit) return hit.counts;
  const counts = countCampaign(ctx, campaign);
  cache.set(key, { at: now, counts });
  // A failed count is not kept: the next reader tries again.
  counts.catch(() => cache.delete(key));
  return counts;
}
