import type { Context } from '../context';
import type { ConsentRequest } from '../db';
import { moveRequest } from '../consent/move-request';

/**
 * Asked by the send step (consent email, DocuSign envelope) before anything leaves: may a
 * campaign's request be sent now? `held`: its campaign is paused; the request stays queued,
 * marked, and the campaign's resume sends it. `ended`: its campaign was cancelled; the request
 * is cancelled. A request outside any campaign always goes.
 */
export async function campaignGate(ctx: Context, request: Pick<ConsentRequest, '_id' | 'campaignId'>): Promise<'go' | 'held' | 'ended'> {
  if (!request.campaignId) return 'go';
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
