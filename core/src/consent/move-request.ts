import type { Context } from '../context';
import type { StoredConsentRequest } from '../db';
import { appendAuditEvent, requestTransitioned } from '../audit';
import { failpoint } from '@mca/platform';
import { customerFollowsRequest } from './customer-follows-request';
import { customerMoveOf, transitionRequest } from './transition-request';
import { transitionCustomerMca } from './transition-customer-mca';

/**
 * A request's status change as a use case sees it: the request moves through its state
 * machine (transitionRequest), then the customer's `mca.status` follows in a second write
 * (customerFollowsRequest), or, where its status stays (queued to sent), only its detail. Also
 * when the request did not move: a retried job whose first try crashed between the two writes
 * finds the request moved already and still finishes the customer.
 */
export async function moveRequest(
  ctx: Pick<Context, 'models' | 'now' | 'queues' | 'logger'>,
  input: Parameters<typeof transitionRequest>[1],
): Promise<StoredConsentRequest | null> {
  const moved = await transitionRequest(ctx, input);
  failpoint('after-request-moved');
  const customer = customerMoveOf(input);
  if (moved && customer?.detailOnly && !moved.customerFollowPendingSince) {
    // The customer's status stays; only while it is still that status and this its request does
    // it take the detail. A crash right here leaves the older detail, never a wrong status.
    await transitionCustomerMca(ctx, {
      customerId: moved.customerId,
      requestId: moved._id,
      to: customer.to,
      from: [customer.to],
      set: { 'mca.detail': input.detail },
    });
  } else {
    await customerFollowsRequest(ctx, input.requestId, moved ?? undefined);
  }
  // After both writes, so a reader never sees the event before the customer moved.
  if (moved) await appendAuditEvent(ctx, requestTransitioned(moved, input.to, input.detail));
  return moved;
}
