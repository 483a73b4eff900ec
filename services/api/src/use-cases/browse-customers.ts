import type { Types } from 'mongoose';
import { MCA_STATUSES, type ConsentRequest, type Context, type CustomerFacts, type McaStatus } from '@mca/core';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BrowseQuery {
  status?: McaStatus;
  /** A tenant id (exact) or part of a name (case-insensitive). */
  search?: string;
  cursor?: string;
  limit: number;
}

export interface BrowseRow {
  customer: CustomerFacts;
  /** The customer's current request: its channel and newest history entry. */
  request?: Pick<ConsentRequest, '_id' | 'channel' | 'status' | 'history'>;
}

/**
 * The console's customer list. Paged by `_id` (a cursor, never a skip), so page 2,000 of
 * 100,000 costs what page 1 does. A tenant id is an equality on a top-level field (an index on
 * every store); a name search is a case-insensitive regex, which neither MongoDB's index nor
 * FerretDB can serve: it reads the partner's customers in `_id` order until a page is full.
 */
export async function browseCustomers(ctx: Context, partnerId: Types.ObjectId, q: BrowseQuery) {
  const filter: Record<string, unknown> = { partnerId };
  const search = q.search?.trim();
  if (search && GUID.test(search)) filter.tenantId = search.toLowerCase();
  else if (search) filter.name = { $regex: escapeRegex(search), $options: 'i' };
  if (q.status) filter['mca.status'] = q.status;
  if (q.cursor) filter._id = { $gt: q.cursor };
  const rows = await ctx.models.customers
    .find(filter)
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean();
  const customers = rows.slice(0, q.limit);
  const requestIds = customers.flatMap((c) => (c.mca.requestId ? [c.mca.requestId] : []));
  const requests = requestIds.length
    ? await ctx.models.consentRequests.find({ partnerId, _id: { $in: requestIds } }, { channel: 1, status: 1, history: 1 }).lean()
    : [];
  const byId = new Map(requests.map((r) => [r._id.toString(), r]));
  const last = customers.at(-1);
  return {
    rows: customers.map((customer): BrowseRow => ({ customer, request: customer.mca.requestId ? byId.get(customer.mca.requestId.toString()) : undefined })),
    nextCursor: rows.length > q.limit && last ? last._id.toString() : undefined,
  };
}

/** Customers per MCA status: one pass over the partner's customers (a $group, not six counts). */
export async function countByStatus(ctx: Context, partnerId: Types.ObjectId): Promise<Record<McaStatus, number>> {
  const groups = await ctx.models.customers.aggregate<{ _id: McaStatus; n: number }>([
    { $match: { partnerId } },
    { $group: { _id: '$mca.status', n: { $sum: 1 } } },
  ]);
  const counts = Object.fromEntries(MCA_STATUSES.map((s) => [s, 0])) as Record<McaStatus, number>;
  for (const g of groups) if (g._id in counts) counts[g._id] = g.n;
  return counts;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
