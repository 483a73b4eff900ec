import { Types } from 'mongoose';
import type { z } from 'zod';
import type { Context, PartnerEventRecord } from '@mca/core';
import type { EventList, ListEventsQuery } from '../schemas';

/**
 * How old an event must be before the feed shows it. Ids are made just before the insert, in
 * several processes at once: an event with a smaller id can land a moment after a larger one.
 * Holding the newest seconds back means a reader's cursor never passes an event still on its
 * way in, so following nextCursor sees every event once.
 */
const SETTLE_SECONDS = 3;

const eventId = (e: Pick<PartnerEventRecord, '_id'>) => `msg_${e._id.toString()}`;

/**
 * GET /v1/events: the partner's events, oldest first, from the partner_events rows (one per
 * event whatever channels the partner has), read on the {partnerId, _id} index. The cursor is
 * the id of the last event returned, which is also its webhook-id.
 */
export async function listEvents(ctx: Context, partnerId: Types.ObjectId, q: z.infer<typeof ListEventsQuery>): Promise<z.infer<typeof EventList>> {
  const settledBefore = Types.ObjectId.createFromTime(Math.floor(ctx.now().getTime() / 1000) - SETTLE_SECONDS);
  const range: Record<string, Types.ObjectId> = { $lt: settledBefore };
  if (q.after) range.$gt = new Types.ObjectId(q.after.slice('msg_'.length));
  const rows = await ctx.models.partnerEvents
    .find({ partnerId, _id: range }, { type: 1, createdAt: 1, data: 1 })
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({ id: eventId(e), type: e.type, createdAt: e.createdAt.toISOString(), data: e.data })),
    nextCursor: rows.length > q.limit && last ? eventId(last) : null,
  };
}
