import type { Context } from '../context';
import type { ConsentRequest } from '../db';
import { claimReviewNotice } from './claim-review-notice';
import { notifyPartner } from './notify-partner';

/**
 * Tells the partner what happened to one of its requests (declined, needs review, expired).
 * Reviews are throttled per request (claim-review-notice.ts): whoever can mail the reply
 * address must not be able to flood the partner.
 */
export async function notifyPartnerAboutRequest(
  ctx: Pick<Context, 'models' | 'queues' | 'now'>,
  request: ConsentRequest,
  event: 'consent.declined' | 'consent.needs_review' | 'consent.expired',
  subjectKey: string,
  reason: string,
): Promise<void> {
  if (event === 'consent.needs_review' && !(await claimReviewNotice(ctx, request._id, subjectKey))) return;
  const customer = await ctx.models.customers.findById(request.customerId).lean();
  if (!customer) return;
  await notifyPartner(ctx, {
    customer,
    event,
    subjectKey,
    data: {
      customerId: customer._id.toString(),
      tenantId: customer.tenantId,
      customerName: customer.name,
      requestId: request._id.toString(),
      reason,
    },
  });
}
