import type { Types } from 'mongoose';
import type { ConsentRecord, ConsentRequest, Context, Customer, PartnerEventRecord } from '@mca/core';
import { findCustomer } from './customers';
import { replyUnderReview } from './review-consent-request';

export interface TimelineEntry {
  at: Date;
  kind: 'request' | 'consent' | 'event';
  /** request: the request status; consent: the method; event: the event type. */
  status: string;
  channel?: string;
  detail?: string;
  agreed?: Date;
}

export interface CustomerOverview {
  customer: Customer;
  requests: ConsentRequest[];
  current?: ConsentRequest;
  records: ConsentRecord[];
  review?: { text: string; from?: string; reason?: string };
  timeline: TimelineEntry[];
}

const EVENTS_SHOWN = 100;

/** Everything a customer's console page shows, each query scoped to the partner (another partner's customer: 404). */
export async function customerOverview(ctx: Context, partnerId: Types.ObjectId, customerId: string): Promise<CustomerOverview> {
  const customer = await findCustomer(ctx, partnerId, customerId);
  const [requests, records, events] = await Promise.all([
    ctx.models.consentRequests.find({ partnerId, customerId: customer._id }).sort({ _id: 1 }).lean(),
    ctx.models.consentRecords.find({ partnerId, customerId: customer._id }).sort({ createdAt: 1 }).lean(),
    ctx.models.partnerEvents.find({ partnerId, customerId: customer._id }).sort({ _id: 1 }).limit(EVENTS_SHOWN).lean() as Promise<PartnerEventRecord[]>,
  ]);
  const current = requests.find((r) => customer.mca.requestId?.equals(r._id)) ?? requests.at(-1);
  const reply = current?.status === 'needs-review' ? await replyUnderReview(ctx, current) : undefined;
  const timeline: TimelineEntry[] = [
    ...requests.flatMap((r) => r.history.map((h) => ({ at: h.at, kind: 'request' as const, status: h.status, channel: r.channel, detail: h.detail }))),
    ...records.map((r) => ({ at: r.createdAt, kind: 'consent' as const, status: r.method, agreed: r.dateAgreed })),
    ...events.map((e) => ({ at: e.createdAt, kind: 'event' as const, status: e.type })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    customer,
    requests,
    current,
    records,
    review: reply ? { text: reply.text, from: reply.from, reason: reply.inbound.detail } : undefined,
    timeline,
  };
}
