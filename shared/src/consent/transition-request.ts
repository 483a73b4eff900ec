import type { Types } from 'mongoose';
import type { Context } from '../context';
import type { ConsentRequest } from '../db';
import { mcaStatusFor, statusesLeadingTo, type RequestStatus } from '../domain';
import { metrics } from '../observability';
import { historyEntry, updateWithHistory } from './request-history';

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
  const from = input.from ?? statusesLeadingTo(input.to);
  const updated = await updateWithHistory(
    ctx,
    { _id: input.requestId, status: { $in: from } },
    {
      $set: { status: input.to, ...input.set },
      ...(input.unset?.length ? { $unset: Object.fromEntries(input.unset.map((k) => [k, 1])) } : {}),
    },
    historyEntry(ctx.now(), input.to, input.detail),
  );
  if (!updated) return null;
  metrics.consentTransitions.inc({ channel: updated.channel, to: input.to });
  if (input.to !== 'accepted') {
    await ctx.models.customers.updateOne(
      { _id: updated.customerId, 'mca.requestId': updated._id, 'mca.status': { $ne: 'accepted' } },
      { $set: { 'mca.status': mcaStatusFor(input.to), 'mca.detail': input.detail } },
    );
  }
  return updated;
}
