import { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError, notFound } from '@mca/platform';
import { type Campaign, type CampaignCounts, type Context, type Payload } from '@mca/core';
import { shownCounts } from './campaign-counts-cache';
import type { CreateCampaignBody, ListCampaignsQuery } from '../schemas';
import { channelAvailable } from './consent-requests';

/**
 * The campaign use cases, plain functions of a context: the API's routes, the operator command
 * and the console call these. The fan-out itself runs on the `campaigns` queue
 * (campaign-fan-out.ts); these only store decisions and enqueue it.
 */

export interface CampaignView {
  id: string;
  name: string;
  channel: Campaign['channel'];
  status: Campaign['status'];
  counts: CampaignCounts;
  filter?: { mcaStatus?: string[] };
  customerIds?: number;
  createdAt: string;
  endedAt?: string;
}

export async function presentCampaign(ctx: Context, c: Campaign): Promise<CampaignView> {
  return {
    id: c._id.toString(),
    name: c.name,
    channel: c.channel,
    status: c.status,
    counts: await shownCounts(ctx, c),
    ...(c.filter?.mcaStatus?.length ? { filter: { mcaStatus: c.filter.mcaStatus } } : {}),
    ...(c.customerIds ? { customerIds: c.customerIds.length } : {}),
    createdAt: c.createdAt.toISOString(),
    ...(c.endedAt ? { endedAt: c.endedAt.toISOString() } : {}),
  };
}

/**
 * Stores the campaign and enqueues its fan-out; answers at once whatever the campaign's size
 * (nothing is read about its customers here). Customer ids that are not the partner's simply
 * match nothing.
 */
export async function createCampaign(ctx: Context, partnerId: Types.ObjectId, body: z.infer<typeof CreateCampaignBody>): Promise<Campaign> {
  if (!channelAvailable(ctx, body.channel)) {
    throw new AppError('CHANNEL_UNAVAILABLE', `the ${body.channel} channel is not available on this installation`);
  }
  const now = ctx.now();
  const campaign = (
    await ctx.models.campaigns.create({
      partnerId,
      name: body.name ?? `${body.channel} campaign ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      channel: body.channel,
      status: 'running',
      ...(body.filter?.mcaStatus ? { filter: { mcaStatus: body.filter.mcaStatus } } : {}),
      ...(body.customerIds ? { customerIds: [...new Set(body.customerIds.map((id) => id.toLowerCase()))].map((id) => new Types.ObjectId(id)) } : {}),
      fanOut: { done: false, run: 1 },
    })
  ).toObject();
  await enqueueFanOut(ctx, campaign._id, 1);
  return campaign;
}

export async function findCampaign(ctx: Context, partnerId: Types.ObjectId, campaignId: string): Promise<Campaign> {
  const c = await ctx.models.campaigns.findOne({ _id: campaignId, partnerId }).lean();
  if (!c) throw notFound('campaign');
  return c;
}

export async function listCampaigns(ctx: Context, partnerId: Types.ObjectId, q: z.infer<typeof ListCampaignsQuery>) {
  const filter: Record<string, unknown> = { partnerId };
  if (q.cursor) filter._id = { $gt: new Types.ObjectId(q.cursor) };
  const rows = await ctx.models.campaigns
    .find(filter)
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? last._id.toString() : null };
}

/** Requests not yet sent are held (the send step asks) until resume; the fan-out stops at its next batch. */
export async function pauseCampaign(ctx: Context, partnerId: Types.ObjectId, campaignId: string): Promise<Campaign> {
  return move(ctx, partnerId, campaignId, 'running', 'paused', {});
}

/**
 * Running again under a new fan-out run: what the pause held is sent (the `release` job), and
 * the fan-out goes on from its cursor if it had not finished. A job of the run before that is
 * still going stops at its next batch (its run no longer matches).
 */
export async function resumeCampaign(ctx: Context, partnerId: Types.ObjectId, campaignId: string): Promise<Campaign> {
  const current = await findCampaign(ctx, partnerId, campaignId);
  const run = current.fanOut.run + 1;
  const resumed = await move(ctx, partnerId, campaignId, 'paused', 'running', { 'fanOut.run': run });
  await enqueue(ctx, { op: 'release', campaignId: resumed._id.toString(), run });
  if (!resumed.fanOut.done) await enqueueFanOut(ctx, resumed._id, run);
  return resumed;
}

/**
 * Cancelled at once: nothing more is created or sent. The `end` job then cancels its unsent
 * requests, freezes its counts and tells the partner (`campaign.completed`, status cancelled).
 * Requests already sent stay open: a representative who answers still consents.
 */
export async function cancelCampaign(ctx: Context, partnerId: Types.ObjectId, campaignId: string): Promise<Campaign> {
  const cancelled = await move(ctx, partnerId, campaignId, ['running', 'paused'], 'cancelled', { endedAt: ctx.now() });
  await enqueue(ctx, { op: 'end', campaignId: cancelled._id.toString() });
  return cancelled;
}

async function move(
  ctx: Context,
  partnerId: Types.ObjectId,
  campaignId: string,
  from: Campaign['status'] | Campaign['status'][],
  to: Campaign['status'],
  set: Record<string, unknown>,
): Promise<Campaign> {
  const current = await findCampaign(ctx, partnerId, campaignId);
  const allowed = Array.isArray(from) ? from : [from];
  const moved = allowed.includes(current.status)
    ? await ctx.models.campaigns
        .findOneAndUpdate({ _id: current._id, partnerId, status: current.status }, { $set: { status: to, ...set } }, { returnDocument: 'after' })
        .lean()
    : null;
  if (!moved) throw new AppError('INVALID_STATE', `a ${current.status} campaign cannot be ${to === 'running' ? 'resumed' : to}`);
  return moved;
}

function enqueueFanOut(ctx: Context, campaignId: Types.ObjectId, run: number) {
  return enqueue(ctx, { op: 'fan-out', campaignId: campaignId.toString(), run });
}

/** The campaign is stored in the state the job acts on; a lost enqueue is the sweeper's (watch-campaigns.ts). */
async function enqueue(ctx: Context, payload: Payload<'campaigns'>) {
  try {
    await ctx.queues.add('campaigns', payload);
  } catch (err) {
    ctx.logger.warn({ err, op: payload.op }, 'campaign job not enqueued; the sweeper will pick the work up');
  }
}

/** The console's list: newest first (the campaign a partner just started is on top), paged by `_id` before the cursor. */
export async function recentCampaigns(ctx: Context, partnerId: Types.ObjectId, q: { before?: string; limit: number }) {
  const filter: Record<string, unknown> = { partnerId };
  if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) };
  const rows = await ctx.models.campaigns
    .find(filter)
    .sort({ _id: -1 })
    .limit(q.limit + 1)
    .lean();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? last._id.toString() : undefined };
}
