import type { Context } from '../context';
import type { StoredConsentRequest } from '../db';
import { notifyPartner } from './notify-partner';
import { partnerFacingData } from './partner-facing-data';
import { openRepresentative } from '../vault';

/** Tells the partner what happened to one of its requests (declined, needs review, expired). */
export async function notifyPartnerAboutRequest(
  ctx: Pick<Context, 'models' | 'queues' | 'now' | 'vault'>,
  request: Pick<StoredConsentRequest, '_id' | 'customerId'> & Partial<Pick<StoredConsentRequest, 'representative'>>,
  event: 'consent.declined' | 'consent.needs_review' | 'consent.expired',
  subjectKey: string,
  reason: string,
): Promise<void> {
  const customer = await ctx.models.customers.findById(request.customerId).lean();
  if (!customer) return;
  // Only a confidential customer's reason is scrubbed of its people's names: only then are they opened.
  const people = customer.confidential
    ? await Promise.all([
        openRepresentative(ctx.vault, customer._id, request.representative ?? (await requestPerson(ctx, request._id))),
        openRepresentative(ctx.vault, customer._id, customer.representative),
      ])
    : [];
  await notifyPartner(ctx, {
    customer,
    event,
    subjectKey,
    data: partnerFacingData(customer, { requestId: request._id.toString(), reason }, people),
  });
}

async function requestPerson(ctx: Pick<Context, 'models'>, requestId: StoredConsentRequest['_id']) {
  return (await ctx.models.consentRequests.findById(requestId, { representative: 1 }).lean())?.representative;
}
