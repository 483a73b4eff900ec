import type { Context } from '../context';
import type { StoredConsentRequest } from '../db';
import { notifyPartner } from './notify-partner';

/** Tells the partner what happened to one of its requests (declined, needs review, expired). */
export async function notifyPartnerAboutRequest(
  ctx: Pick<Context, 'models' | 'queues' | 'now'>,
  request: Pick<StoredConsentRequest, '_id' | 'customerId'>,
  event: 'consent.declined' | 'consent.needs_review' | 'consent.expired',
  subjectKey: string,
  reason: string,
): Promise<void> {
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
