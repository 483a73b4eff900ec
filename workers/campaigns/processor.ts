import type { Context, Payload } from '@mca/core';
// The campaign use cases live with the API's (one implementation of a consent request's rules); this queue runs them.
import { fanOutCampaign } from '@mca/api/src/use-cases/campaign-fan-out';
import { checkCampaignCompletion, endCancelledCampaign, releaseHeldRequests } from '@mca/api/src/use-cases/campaign-lifecycle';

/** One job of the `campaigns` queue: fan-out, release (resume), end (cancel) or completion check. */
export function runCampaignJob(ctx: Context, p: Payload<'campaigns'>): Promise<void> {
  switch (p.op) {
    case 'fan-out':
      return fanOutCampaign(ctx, p.campaignId, p.run);
    case 'release':
      return releaseHeldRequests(ctx, p.campaignId, p.run);
    case 'end':
      return endCancelledCampaign(ctx, p.campaignId);
    case 'check':
      return checkCampaignCompletion(ctx, p.campaignId);
  }
}
