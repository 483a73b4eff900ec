import type { Types } from 'mongoose';
import { AppError } from '@mca/platform';
import {
  campaignMemberId,
  campaignRequestId,
  duplicatesRefused,
  isDuplicateKey,
  noteCampaignChange,
  type Campaign,
  type CampaignMember,
  type ConsentRequest,
  type Context,
  openCustomers,
  type StoredCustomer,
  type Customer,
} from '@mca/core';
import { enqueueFirstSends, openConsentRequest } from './consent-requests';

/** Customers read, decided and enqueued together: one members insert and one addBulk per queue each. */
export const FAN_OUT_BATCH = 200;
/** Customers of a batch decided side by side (each is a few Mongo calls). */
const SIDE_BY_SIDE = 8;

type Decision = { member: Omit<CampaignMember, 'createdAt'>; request?: Pick<ConsentRequest, '_id' | 'channel'> };

/**
 * The `fan-out` job of run `run`: walks the partner's customers by _id from the campaign's
 * cursor (one cursor query), decides each matching customer once (a request, or skipped, or
 * found accepted in Partner Center) and enqueues the first sends in bulk, batch by batch,
 * advancing the cursor after each. Stops when the campaign is no longer running or a newer run
 * took over. The request of a customer has an id derived from campaign and customer and its
 * member row one too, and the first batch of every start is decided carefully (existing member
 * or request first), so a redelivered or crashed job never makes a second request or email.
 */
export async function fanOutCampaign(ctx: Context, campaignId: string, run: number): Promise<void> {
  const campaign = await ctx.models.campaigns.findById(campaignId).lean();
  if (!campaign || campaign.fanOut.run !== run || campaign.status !== 'running') return;
  if (campaign.fanOut.done) return noteCampaignChange(ctx, campaign._id);

  let batch: StoredCustomer[] = [];
  let careful = true;
  // A batch's customers are opened together: each has its own key to read, and those reads overlap.
  const decideBatch = async () => {
    const going = await runBatch(ctx, campaign, run, await openCustomers(ctx.vault, batch), careful);
    careful = false;
    batch = [];
    return going;
  };
  for await (const customer of customersOf(ctx, campaign)) {
    batch.push(customer);
    if (batch.length === FAN_OUT_BATCH && !(await decideBatch())) return;
  }
  if (batch.length > 0 && !(await decideBatch())) return;
  const done = await ctx.models.campaigns.updateOne({ _id: campaign._id, 'fanOut.run': run }, { $set: { 'fanOut.done': true } });
  // Over zero customers, or every one skipped: nothing to wait for, so it completes now.
  if (done.modifiedCount > 0) await noteCampaignChange(ctx, campaign._id);
}

/** One batch: decisions, member rows, bulk enqueue, cursor. False when the campaign stopped (paused, cancelled, superseded). */
async function runBatch(ctx: Context, campaign: Campaign, run: number, customers: Customer[], careful: boolean): Promise<boolean> {
  const wanted = customers.filter((c) => matches(campaign, c));
  const decisions: Decision[] = [];
  for (let i = 0; i < wanted.length; i += SIDE_BY_SIDE) {
    decisions.push(...(await Promise.all(wanted.slice(i, i + SIDE_BY_SIDE).map((c) => decide(ctx, campaign, c, careful)))));
  }
  await insertMembers(
    ctx,
    decisions.map((d) => ({ ...d.member, createdAt: ctx.now() })),
  );
  await enqueueFirstSends(
    ctx,
    decisions.flatMap((d) => (d.request ? [d.request] : [])),
  );
  const last = customers[customers.length - 1]!;
  const moved = await ctx.models.campaigns.updateOne({ _id: campaign._id, 'fanOut.run': run }, { $set: { 'fanOut.cursor': last._id } });
  if (moved.matchedCount === 0) return false;
  const now = await ctx.models.campaigns.findById(campaign._id, { status: 1, fanOut: 1 }).lean();
  return now?.status === 'running' && now.fanOut.run === run;
}

/**
 * The campaign's customers after its cursor, in _id order. Named ids are read one by one (each a
 * primary-key read, side by side), so a campaign over five customers costs five reads however
 * many the partner has; a filter walks the partner's customers with one cursor.
 */
async function* customersOf(ctx: Context, campaign: Campaign): AsyncGenerator<StoredCustomer> {
  const after = campaign.fanOut.cursor;
  if (campaign.customerIds) {
    const ids = campaign.customerIds
      .filter((id) => !after || id.toHexString() > after.toHexString())
      .sort((a, b) => a.toHexString().localeCompare(b.toHexString()));
    for (let i = 0; i < ids.length; i += SIDE_BY_SIDE) {
      const read = await Promise.all(ids.slice(i, i + SIDE_BY_SIDE).map((_id) => ctx.models.customers.findOne({ _id, partnerId: campaign.partnerId }).lean()));
      for (const c of read) if (c) yield c;
    }
    return;
  }
  const cursor = ctx.models.customers
    .find({ partnerId: campaign.partnerId, ...(after ? { _id: { $gt: after } } : {}) })
    .sort({ _id: 1 })
    .batchSize(FAN_OUT_BATCH)
    .lean()
    .cursor();
  try {
    for await (const c of cursor) yield c as StoredCustomer;
  } finally {
    await cursor.close();
  }
}

function matches(campaign: Campaign, c: Customer): boolean {
  const statuses = campaign.filter?.mcaStatus;
  return !statuses?.length || statuses.includes(c.mca.status);
}

/** Why a customer got no request, from the problem the request rules answered. */
const SKIP_REASONS: Partial<Record<string, string>> = {
  MCA_ALREADY_ACCEPTED: 'already accepted',
  CONSENT_REQUEST_PENDING: 'a consent request is already under way',
  REPRESENTATIVE_REQUIRED: 'no representative',
  PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED: 'Partner Center does not confirm the partner as the reseller',
  CHANNEL_UNAVAILABLE: 'channel not available',
};

async function decide(ctx: Context, campaign: Campaign, customer: Customer, careful: boolean): Promise<Decision> {
  const requestId = campaignRequestId(campaign._id, customer._id);
  const member = { _id: campaignMemberId(campaign._id, customer._id), campaignId: campaign._id, customerId: customer._id };
  const requested = (): Decision => ({ member: { ...member, outcome: 'requested' }, request: { _id: requestId, channel: campaign.channel } });
  if (careful) {
    // This batch may have been half done by a crashed or redelivered run: what it decided stands.
    const seen = await ctx.models.campaignMembers.findById(member._id).lean();
    if (seen) return seen.outcome === 'requested' ? requested() : { member: seen };
    if (await ctx.models.consentRequests.exists({ _id: requestId })) return requested();
  }
  // Pending means a live request (the customer follows its current one): the campaign's own from
  // an earlier run, or another, which this campaign leaves be.
  if (customer.mca.status === 'pending') {
    return customer.mca.requestId?.equals(requestId)
      ? requested()
      : { member: { ...member, outcome: 'skipped', reason: SKIP_REASONS.CONSENT_REQUEST_PENDING! } };
  }
  try {
    await openConsentRequest(
      ctx,
      campaign.partnerId,
      customer,
      { channel: campaign.channel },
      { kind: 'campaign', campaignId: campaign._id, requestId, campaignName: campaign.name },
    );
    return requested();
  } catch (err) {
    if (isDuplicateKey(err)) return requested();
    if (!(err instanceof AppError) || !SKIP_REASONS[err.code]) throw err;
    if (err.code === 'CONSENT_REQUEST_PENDING' && err.extra.requestId === requestId.toString()) return requested();
    if (err.code === 'CONSENT_REQUEST_PENDING') await detachSuperseded(ctx, requestId);
    if (err.code === 'MCA_ALREADY_ACCEPTED' && err.extra.recorded) {
      // Recorded from Partner Center just now: kept at once, so a crash before the batch's insert cannot count it as skipped.
      const recorded = { ...member, outcome: 'recorded' as const, reason: "accepted on Microsoft's side: recorded, not mailed" };
      await insertMembers(ctx, [{ ...recorded, createdAt: ctx.now() }]);
      return { member: recorded };
    }
    return { member: { ...member, outcome: 'skipped', reason: SKIP_REASONS[err.code]! } };
  }
}

/** A request of ours that lost the race for the customer was cancelled: it is not the campaign's (the member counts as skipped). */
async function detachSuperseded(ctx: Context, requestId: Types.ObjectId) {
  await ctx.models.consentRequests.updateOne({ _id: requestId, status: 'cancelled' }, { $unset: { campaignId: 1 } });
}

/** Member rows once: an existing row (a redelivered batch) is left as it is. */
async function insertMembers(ctx: Context, rows: CampaignMember[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await ctx.models.campaignMembers.insertMany(rows, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err) && !duplicatesRefused(err)) throw err;
  }
}
