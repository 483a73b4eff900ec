import { campaignSettled, liveCounts, noteCampaignChange, recordPartnerEvent, moveRequest, type Campaign, type Context } from '@mca/core';

/**
 * The `release` job of a resume: every request its pause held goes back to its send queue.
 * The mark is cleared first, then the send job is revived (a completed job of the same id is
 * replaced), so the send step asks the campaign again and sends.
 */
export async function releaseHeldRequests(ctx: Context, campaignId: string, run: number): Promise<void> {
  const campaign = await ctx.models.campaigns.findById(campaignId, { status: 1, fanOut: 1 }).lean();
  if (!campaign || campaign.status !== 'running' || campaign.fanOut.run !== run) return;
  const held = ctx.models.consentRequests.find({ campaignId: campaign._id, heldByCampaign: true }, { _id: 1, channel: 1, sendCount: 1 }).lean().cursor();
  for await (const r of held) {
    await ctx.models.consentRequests.updateOne({ _id: r._id }, { $unset: { heldByCampaign: 1 } });
    const requestId = r._id.toString();
    if (r.channel === 'docusign') await ctx.queues.ensure('docusign', { op: 'send', requestId, sendCount: r.sendCount });
    else await ctx.queues.ensure('dispatch-email', { requestId, sendCount: r.sendCount });
  }
}

/**
 * The `end` job of a cancel: every unsent request of the campaign is cancelled through the
 * request state machine (a DocuSign one's envelope voided, should one have been made), then the
 * counts are frozen and the partner told, once.
 */
export async function endCancelledCampaign(ctx: Context, campaignId: string): Promise<void> {
  const campaign = await ctx.models.campaigns.findById(campaignId).lean();
  if (!campaign || campaign.status !== 'cancelled') return;
  if (!campaign.finalCounts) {
    const unsent = ctx.models.consentRequests.find({ campaignId: campaign._id, status: 'queued' }, { _id: 1, channel: 1 }).lean().cursor();
    for await (const r of unsent) {
      const moved = await moveRequest(ctx, { requestId: r._id, to: 'cancelled', from: ['queued'], detail: 'its campaign was cancelled; not sent' });
      if (moved && moved.channel === 'docusign') await ctx.queues.add('docusign', { op: 'void', requestId: r._id.toString() });
    }
    const finalCounts = await liveCounts(ctx, campaign);
    await ctx.models.campaigns.updateOne({ _id: campaign._id, finalCounts: { $exists: false } }, { $set: { finalCounts } });
  }
  await announceEnd(ctx, campaign._id.toString());
}

/**
 * The `check` job: a running (or paused) campaign whose fan-out is done and none of whose
 * requests still waits to be sent or answered (queued, sent, bounced) is completed, once, by
 * compare-and-set. `needs-review` waits for the partner, not the campaign, so it does not keep
 * it open. Also repeats the announcement of an ended campaign (idempotent), for a crash between.
 */
export async function checkCampaignCompletion(ctx: Context, campaignId: string): Promise<void> {
  const campaign = await ctx.models.campaigns.findById(campaignId).lean();
  if (!campaign) return;
  if (campaign.status === 'completed' || (campaign.status === 'cancelled' && campaign.finalCounts)) return announceEnd(ctx, campaignId);
  if (campaign.status === 'cancelled' || !campaign.fanOut.done) return;
  if (!(await campaignSettled(ctx, campaign))) return;
  const completed = await ctx.models.campaigns.updateOne(
    { _id: campaign._id, status: campaign.status, 'fanOut.done': true },
    { $set: { status: 'completed', endedAt: ctx.now() } },
  );
  if (completed.modifiedCount > 0) await announceEnd(ctx, campaignId);
}

/** `campaign.completed` for an ended campaign: keyed by the campaign, so stored and delivered once however often this runs. */
async function announceEnd(ctx: Context, campaignId: string): Promise<void> {
  const c = (await ctx.models.campaigns.findById(campaignId).lean()) as Campaign | null;
  if (!c || (c.status !== 'completed' && c.status !== 'cancelled')) return;
  const counts = c.finalCounts ?? (await liveCounts(ctx, c));
  await recordPartnerEvent(ctx, {
    partnerId: c.partnerId,
    event: 'campaign.completed',
    subjectKey: `campaign:${campaignId}`,
    data: { campaignId, name: c.name, channel: c.channel, status: c.status, counts, endedAt: (c.endedAt ?? ctx.now()).toISOString() },
  });
}

/**
 * The sweeper's share: work a lost job (Redis flushed, enqueue failed) left undone. A running
 * campaign with its fan-out unfinished gets its fan-out job back, one done gets a check, a
 * cancelled one not yet ended its `end` job. Campaigns are few, so the whole list is read.
 */
export async function sweepCampaigns(ctx: Context): Promise<number> {
  let n = 0;
  for await (const c of ctx.models.campaigns
    .find({ status: { $in: ['running', 'paused', 'cancelled'] } }, { status: 1, fanOut: 1, finalCounts: 1 })
    .lean()
    .cursor()) {
    const campaignId = c._id.toString();
    if (c.status === 'cancelled') {
      if (!c.finalCounts && (await ctx.queues.ensure('campaigns', { op: 'end', campaignId })) !== 'exists') n++;
    } else if (c.fanOut.done) {
      await noteCampaignChange(ctx, c._id);
    } else if (c.status === 'running' && (await ctx.queues.ensure('campaigns', { op: 'fan-out', campaignId, run: c.fanOut.run })) !== 'exists') {
      n++;
    }
  }
  return n;
}
