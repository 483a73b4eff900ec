import type { Context } from '../context';
import type { ConsentRequest } from '../db';
import { notifyPartner } from './notify-partner';
import { partnerFacingData } from './partner-facing-data';

/** Tells the partner what happened to one of its requests (declined, needs review, expired). */
export async function notifyPartnerAboutRequest(
  ctx: Pick<Context, 'models' | 'queues' | 'now'>,
  request: ConsentRequest,
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
    data: partnerFacingData(customer, { requestId: request._id.toString(), reason }, [request.representative, customer.representative]),
  });
}
