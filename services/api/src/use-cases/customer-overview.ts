import type { Types } from 'mongoose';
import { openRecord, openRequest, type AuditEventRecord, type ConsentRecord, type ConsentRequest, type Context, type Customer } from '@mca/core';
import { latestAuditEvents } from './audit-events';
import { findCustomer } from './customers';
import { replyUnderReview } from './review-consent-request';

export interface CustomerOverview {
  customer: Customer;
  requests: ConsentRequest[];
  current?: ConsentRequest;
  records: ConsentRecord[];
  review?: { text: string; from?: string; reason?: string };
  /** The newest events of the customer's audit chain, oldest first. */
  timeline: AuditEventRecord[];
}

const EVENTS_SHOWN = 200;

/** Everything a customer's console page shows, each query scoped to the partner (another partner's customer: 404). */
export async function customerOverview(ctx: Context, partnerId: Types.ObjectId, customerId: string): Promise<CustomerOverview> {
  const customer = await findCustomer(ctx, partnerId, customerId);
  const [storedRequests, storedRecords, timeline] = await Promise.all([
    ctx.models.consentRequests.find({ partnerId, customerId: customer._id }).sort({ _id: 1 }).lean(),
    ctx.models.consentRecords.find({ partnerId, customerId: customer._id }).sort({ createdAt: 1 }).lean(),
    latestAuditEvents(ctx, customer, EVENTS_SHOWN),
  ]);
  const requests = await Promise.all(storedRequests.map((r) => openRequest(ctx.vault, r)));
  const records = await Promise.all(storedRecords.map((r) => openRecord(ctx.vault, r)));
  const current = requests.find((r) => customer.mca.requestId?.equals(r._id)) ?? requests.at(-1);
  const reply = current?.status === 'needs-review' ? await replyUnderReview(ctx, current) : undefined;
  return {
    customer,
    requests,
    current,
    records,
    review: reply ? { text: reply.text, from: reply.from, reason: reply.inbound.detail } : undefined,
    timeline,
  };
}
