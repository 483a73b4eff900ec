import type { Types } from 'mongoose';
import type { Context } from '../context';
import type { ConsentRequest } from '../db';
import { mcaStatusFor, statusesLeadingTo, type RequestStatus } from '../domain';
import { metrics } from '../observability';
import { appendAuditEvent, requestTransitioned } from '../audit';

/** A request keeps its newest history entries; a flood of replies must not grow it without bound. */
export const HISTORY_LIMIT = 50;

/**
 * Compare-and-set move of a request to `to`, legal only from the statuses the state machine
 * allows. Returns the updated request, or null when it was not in such a status (already
 * done, or overtaken): callers treat null as "nothing to do", never as an error.
 * The customer's `mca.status` follows, but only while this request is the customer's current
 * one and the customer is not accepted.
 */
export async function transitionRequest(
  ctx: Pick<Context, 'models' | 'now'>,
  input: {
    requestId: Types.ObjectId | string;
    to: RequestStatus;
    detail?: string;
    set?: Partial<Pick<ConsentRequest, 'lastError' | 'sentText' | 'agreement' | 'sendCount' | 'envelopeId' | 'acceptance' | 'nextCheckAt' | 'checkCount' | 'checkFailures' | 'sentAt' | 'expiresAt' | 'remindersSent' | 'nextReminderAt'>>;
    from?: readonly RequestStatus[];
    unset?: ReadonlyArray<'lastError' | 'nextReminderAt'>;
  },
): Promise<ConsentRequest | null> {
  const at = ctx.now();
  const from = input.from ?? statusesLeadingTo(input.to);
  const updated = await ctx.models.consentRequests
    .findOneAndUpdate(
      { _id: input.requestId, status: { $in: from } },
      {
        $set: { status: input.to, ...input.set },
        $push: { history: { at, status: input.to, ...(input.detail ? { detail: input.detail } : {}) } },
        ...(input.unset?.length ? { $unset: Object.fromEntries(input.unset.map((k) => [k, 1])) } : {}),
      },
      { returnDocument: 'after' },
    )
    .lean();
  if (!updated) return null;
  if (updated.history.length > HISTORY_LIMIT) await trimHistory(ctx, updated._id);
  metrics.consentTransitions.inc({ channel: updated.channel, to: input.to });
  if (input.to !== 'accepted') {
    await ctx.models.customers.updateOne(
      { _id: updated.customerId, 'mca.requestId': updated._id, 'mca.status': { $ne: 'accepted' } },
      { $set: { 'mca.status': mcaStatusFor(input.to), 'mca.detail': input.detail } },
    );
  }
  await appendAuditEvent(ctx, requestTransitioned(updated, input.to, input.detail));
  return updated;
}

/**
 * Drops the oldest entries beyond HISTORY_LIMIT, counting each in the same update. Two steps
 * after the push because `$push` with `$slice` would do it in one on MongoDB, but FerretDB
 * 1.24 ignores `$slice`. The filter re-checks the length, so racing trims never drop too many.
 */
async function trimHistory(ctx: Pick<Context, 'models'>, requestId: Types.ObjectId): Promise<void> {
  for (;;) {
    const trimmed = await ctx.models.consentRequests.updateOne(
      { _id: requestId, [`history.${HISTORY_LIMIT}`]: { $exists: true } },
      { $pop: { history: -1 }, $inc: { historyDropped: 1 } },
    );
    if (trimmed.modifiedCount === 0) return;
  }
}
