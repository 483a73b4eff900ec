import type { Context } from '../context';
import type { ConsentRequest, Models } from '../db';
import type { CampaignStatus } from '../db/models/campaign';
import { moveRequest } from '../consent/move-request';
import { readThroughCache } from '../db/read-through-cache';

/**
 * How long the send step believes a campaign runs: a pause or cancel reaches it this late at
 * most, and a campaign of 10,000 emails reads its row about once a second instead of once per
 * email. Anything but `running` is read again, fresh, before it is acted on.
 */
const RUNNING_BELIEVED_MS = 1_000;
const recentStatus = readThroughCache<Models['campaigns'], CampaignStatus>({
  max: 1_000,
  ttlMs: RUNNING_BELIEVED_MS,
  read: async (campaigns, id) => (await campaigns.findById(id, { status: 1 }).lean())?.status,
});

/**
 * Asked by the send step (consent email, DocuSign envelope) before anything leaves: may a
 * campaign's request be sent now? `held`: its campaign is paused; the request stays queued,
 * marked, and the campaign's resume sends it. `ended`: its campaign was cancelled; the request
 * is cancelled. A request outside any campaign always goes. A `running` read within the last
 * RUNNING_BELIEVED_MS is believed.
 */
export async function campaignGate(ctx: Context, request: Pick<ConsentRequest, '_id' | 'campaignId'>): Promise<'go' | 'held' | 'ended'> {
  if (!request.campaignId) return 'go';
  if ((await recentStatus(ctx.models.campaigns, request.campaignId.toString())) === 'running') return 'go';
  const status = async () => (await ctx.models.campaigns.findById(request.campaignId, { status: 1 }).lean())?.status;
  const first = await status();
  if (first === 'cancelled') return end(ctx, request);
  if (first !== 'paused') return 'go';
  // Mark first, then look again: a resume sets `running` before it looks for marked requests,
  // so either this second look sees `running` or the resume sees the mark. Nothing is stranded.
  await ctx.models.consentRequests.updateOne({ _id: request._id, status: 'queued' }, { $set: { heldByCampaign: true } });
  const second = await status();
  if (second === 'paused') return 'held';
  await ctx.models.consentRequests.updateOne({ _id: request._id }, { $unset: { heldByCampaign: 1 } });
  return second === 'cancelled' ? end(ctx, request) : 'go';
}

async function end(ctx: Context, request: Pick<ConsentRequest, '_id'>): Promise<'ended'> {
  await moveRequest(ctx, { requestId: request._id, to: 'cancelled', from: ['queued'], detail: 'its campaign was cancelled; not sent' });
  return 'ended';
}
