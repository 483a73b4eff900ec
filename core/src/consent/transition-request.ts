import type { Types } from 'mongoose';
import type { Context } from '../context';
import type { StoredConsentRequest } from '../db';
import { mcaStatusFollowing, statusesLeadingTo, type McaStatus, type RequestStatus } from '../domain';
import { metrics } from '@mca/platform';
import { noteCampaignChange } from '../campaigns/campaign-watch';
import { CAMPAIGN_WAITING_STATUSES } from '../campaigns/campaign-counts';
import { historyEntry, updateWithHistory } from './request-history';

/**
 * The customer's status the move leads to, and whether the move changes it at all: `queued` to
 * `sent` leaves the customer `pending`, so only its `mca.detail` has news. Such a move needs no
 * outbox marker to set and clear (move-request.ts writes the detail directly): one write fewer per send.
 */
export function customerMoveOf(input: { to: RequestStatus; from?: readonly RequestStatus[] }): { to: McaStatus; detailOnly: boolean } | undefined {
  const to = mcaStatusFollowing(input.to);
  if (to === undefined) return undefined;
  return { to, detailOnly: (input.from ?? statusesLeadingTo(input.to)).every((s) => mcaStatusFollowing(s) === to) };
}

/**
 * Compare-and-set move of a request to `to`, legal only from the statuses the state machine
 * allows. Returns the updated request, or null when it was not in such a status (already
 * done, or overtaken): callers treat null as "nothing to do", never as an error.
 * It writes the request only: where the customer's `mca.status` must follow, the same update
 * sets the outbox marker `customerFollowPendingSince`, and moveRequest (move-request.ts) moves
 * the customer next. Callers use moveRequest.
 */
export async function transitionRequest(
  ctx: Pick<Context, 'models' | 'now' | 'queues' | 'logger'>,
  input: {
    requestId: Types.ObjectId | string;
    to: RequestStatus;
    detail?: string;
    set?: Partial<
      Pick<
        StoredConsentRequest,
        | 'lastError'
        | 'sentText'
        | 'agreement'
        | 'sendCount'
        | 'envelopeId'
        | 'acceptance'
        | 'nextCheckAt'
        | 'checkCount'
        | 'checkFailures'
        | 'sentAt'
        | 'expiresAt'
        | 'remindersSent'
        | 'nextReminderAt'
      >
    >;
    from?: readonly RequestStatus[];
    unset?: ReadonlyArray<'lastError' | 'nextReminderAt'>;
  },
): Promise<StoredConsentRequest | null> {
  const from = input.from ?? statusesLeadingTo(input.to);
  const at = ctx.now();
  const customer = customerMoveOf(input);
  const customerFollows = customer !== undefined && !customer.detailOnly;
  const updated = await updateWithHistory(
    ctx,
    { _id: input.requestId, status: { $in: from } },
    {
      $set: { status: input.to, ...input.set, ...(customerFollows ? { customerFollowPendingSince: at } : {}) },
      ...(input.unset?.length ? { $unset: Object.fromEntries(input.unset.map((k) => [k, 1])) } : {}),
    },
    historyEntry(at, input.to, input.detail),
  );
  if (!updated) return null;
  metrics.consentTransitions.inc({ channel: updated.channel, to: input.to });
  // Its campaign may be done now; a move into a status that still waits (a send) cannot end one.
  if (updated.campaignId && !CAMPAIGN_WAITING_STATUSES.includes(input.to)) await noteCampaignChange(ctx, updated.campaignId);
  return updated;
}
