import type { Types } from 'mongoose';
import type { z } from 'zod';
import type { AuditEventRecord, Context } from '@mca/core';
import type { AuditEventList, ListAuditEventsQuery } from '../schemas';
import { findCustomer } from './customers';

/** The fields of an event as the API shows them: enough for anyone to re-compute its hash and link. */
export const presentAuditEvent = (e: AuditEventRecord) => ({
  seq: e.seq,
  type: e.type,
  at: e.at.toISOString(),
  data: e.data,
  hash: e.hash,
  prevHash: e.prevHash,
});

/**
 * GET /v1/customers/{id}/audit-events: the customer's chain, oldest first, read on the
 * {customerId, seq} index; the cursor is the seq of the last event returned. Seqs have no gaps
 * and events are never changed, so a cursor never skips or repeats one.
 */
export async function listAuditEvents(
  ctx: Context,
  partnerId: Types.ObjectId,
  customerId: string,
  q: z.infer<typeof ListAuditEventsQuery>,
): Promise<z.infer<typeof AuditEventList>> {
  const customer = await findCustomer(ctx, partnerId, customerId);
  const rows = await ctx.models.auditEvents
    .find({ customerId: customer._id, partnerId, seq: { $gt: q.after ?? 0 } })
    .sort({ seq: 1 })
    .limit(q.limit + 1)
    .lean();
  const page = rows.slice(0, q.limit);
  return { items: page.map(presentAuditEvent), nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : null };
}

/** The newest `limit` events of the chain, oldest first: what the console's timeline shows. */
export async function latestAuditEvents(
  ctx: Context,
  customer: { _id: Types.ObjectId; partnerId: Types.ObjectId },
  limit: number,
): Promise<AuditEventRecord[]> {
  const rows = await ctx.models.auditEvents.find({ customerId: customer._id, partnerId: customer.partnerId }).sort({ seq: -1 }).limit(limit).lean();
  return rows.reverse();
}
