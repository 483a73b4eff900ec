import type { Context } from '../context';
import type { Campaign, CampaignCounts } from '../db';
import type { RequestStatus } from '../domain';

/** The count each request status is shown in. */
export const COUNT_OF_STATUS: Record<RequestStatus, keyof CampaignCounts> = {
  queued: 'queued',
  sent: 'sent',
  'needs-review': 'needsReview',
  bounced: 'bounced',
  failed: 'failed',
  accepted: 'accepted',
  declined: 'declined',
  expired: 'expired',
  cancelled: 'cancelled',
};

/** Requests in these still wait for the send or the representative: a campaign with one is not done. */
export const CAMPAIGN_WAITING_STATUSES: readonly RequestStatus[] = ['queued', 'sent', 'bounced'];

export const zeroCounts = (): CampaignCounts => ({
  total: 0,
  queued: 0,
  sent: 0,
  accepted: 0,
  declined: 0,
  bounced: 0,
  needsReview: 0,
  expired: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
});

/**
 * A campaign's counts, counted from what it made rather than kept as counters: its members
 * (one per customer: requested, skipped, or recorded from Partner Center as accepted) and its
 * requests by status. Two aggregations on `campaignId`, a top-level field both stores answer
 * from an index; a redelivered job or a crash can therefore never count anything twice.
 * A cancelled campaign shows the counts frozen when it ended.
 */
export async function countCampaign(ctx: Pick<Context, 'models'>, campaign: Pick<Campaign, '_id' | 'finalCounts'>): Promise<CampaignCounts> {
  if (campaign.finalCounts) return campaign.finalCounts;
  return liveCounts(ctx, campaign);
}

export async function liveCounts(ctx: Pick<Context, 'models'>, campaign: Pick<Campaign, '_id'>): Promise<CampaignCounts> {
  const [members, requests] = await Promise.all([
    ctx.models.campaignMembers.aggregate<{ _id: string; n: number }>([
      { $match: { campaignId: campaign._id } },
      { $group: { _id: '$outcome', n: { $sum: 1 } } },
    ]),
    ctx.models.consentRequests.aggregate<{ _id: RequestStatus; n: number }>([
      { $match: { campaignId: campaign._id } },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]),
  ]);
  const counts = zeroCounts();
  for (const m of members) {
    counts.total += m.n;
    if (m._id === 'skipped') counts.skipped += m.n;
    // Found accepted in Partner Center: recorded as the consent, not mailed; it counts as accepted.
    if (m._id === 'recorded') counts.accepted += m.n;
  }
  for (const r of requests) {
    const key = COUNT_OF_STATUS[r._id];
    if (key) counts[key] += r.n;
  }
  // While the fan-out runs, a batch's requests are written before its member rows: the total
  // never shows less than the customers already counted elsewhere (each is in one other count).
  const counted = Object.entries(counts).reduce((sum, [k, n]) => (k === 'total' ? sum : sum + n), 0);
  counts.total = Math.max(counts.total, counted);
  return counts;
}

/**
 * Nothing left to wait for: no request of the campaign is still to be sent or answered. One
 * lookup that stops at the first waiting request (the usual answer while a campaign runs).
 */
export async function campaignSettled(ctx: Pick<Context, 'models'>, campaign: Pick<Campaign, '_id'>): Promise<boolean> {
  return !(await ctx.models.consentRequests.exists({ campaignId: campaign._id, status: { $in: CAMPAIGN_WAITING_STATUSES } }));
}
