import { appendAuditEvents, evidenceRead, type Context, type Payload } from '@mca/core';

/** Appends a bulk read's `evidence.read` events, one per customer (idempotent: each event has its key). */
export async function appendReads(ctx: Context, p: Payload<'audit-reads'>): Promise<void> {
  const at = new Date(p.at);
  await appendAuditEvents(
    ctx,
    p.customerIds.map((customerId) => evidenceRead({ customerId, partnerId: p.partnerId }, p.by, p.what, at)),
  );
}
