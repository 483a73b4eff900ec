import type { Types } from 'mongoose';
import type { Context } from '../context';
import type { StoredConsentRequest } from '../db';
import { mcaStatusFollowing } from '../domain';
import { transitionCustomerMca } from './transition-customer-mca';

/**
 * Moves the customer's `mca.status` after its current request, when a transition left the
 * marker `customerFollowPendingSince` on the request, and clears the marker. Idempotent and
 * safe to run again at any point: the retry of a job that crashed between the two writes, the
 * sweeper. FerretDB has no multi-document transactions, so the marker (set in the request's own
 * update) is what makes the second write certain. The customer takes the request's status as
 * read now, not the one a caller moved it to; the marker is cleared only while the request is
 * still as read, so a transition racing this one makes it look again.
 */
export async function customerFollowsRequest(
  ctx: Pick<Context, 'models'>,
  requestId: Types.ObjectId | string,
  justWritten?: Pick<StoredConsentRequest, '_id' | 'customerId' | 'status' | 'history' | 'customerFollowPendingSince'>,
): Promise<void> {
  // The request as the caller's own write returned it saves the first read; a lost race reads again.
  let known = justWritten?.customerFollowPendingSince ? justWritten : undefined;
  for (;;) {
    const request =
      known ??
      (await ctx.models.consentRequests
        .findOne({ _id: requestId, customerFollowPendingSince: { $exists: true } }, { customerId: 1, status: 1, history: 1, customerFollowPendingSince: 1 })
        .lean());
    known = undefined;
    if (!request) return;
    const to = mcaStatusFollowing(request.status);
    if (to) {
      const detail = request.history.findLast((h) => h.status === request.status)?.detail;
      await transitionCustomerMca(ctx, { customerId: request.customerId, requestId: request._id, to, set: { 'mca.detail': detail } });
    }
    const cleared = await ctx.models.consentRequests.updateOne(
      { _id: request._id, status: request.status, customerFollowPendingSince: request.customerFollowPendingSince },
      { $unset: { customerFollowPendingSince: 1 } },
    );
    if (cleared.modifiedCount === 1) return;
  }
}
