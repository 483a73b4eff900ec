import type { QueryFilter, Types, UpdateQuery } from 'mongoose';
import type { Context } from '../context';
import type { StoredConsentRequest, HistoryEntry } from '../db';
import type { RequestStatus } from '../domain';

/** A request keeps its newest history entries; a flood of replies must not grow it without bound. */
export const HISTORY_LIMIT = 50;

/** One line of a request's history. */
export const historyEntry = (at: Date, status: RequestStatus, detail?: string): HistoryEntry => ({ at, status, ...(detail ? { detail } : {}) });

/**
 * The one writer of a stored request's history: applies `update` to the request `filter`
 * matches and appends `entry` in the same write, then keeps the history within HISTORY_LIMIT.
 * Returns the updated request, or null when the filter matched nothing (a compare-and-set lost).
 */
export async function updateWithHistory(
  ctx: Pick<Context, 'models'>,
  filter: QueryFilter<StoredConsentRequest>,
  update: Omit<UpdateQuery<StoredConsentRequest>, '$push'>,
  entry: HistoryEntry,
): Promise<StoredConsentRequest | null> {
  const updated = await ctx.models.consentRequests.findOneAndUpdate(filter, { ...update, $push: { history: entry } }, { returnDocument: 'after' }).lean();
  if (updated && updated.history.length > HISTORY_LIMIT) await trimHistory(ctx, updated._id);
  return updated;
}

/**
 * Drops the oldest entries beyond HISTORY_LIMIT, counting each in the same update. Two steps
 * after the push because `$push` with `$slice` would do it in one on MongoDB, but FerretDB
 * 1.24 ignores `$slice`. The filter re-checks the length, so racing trims never drop too many.
 */
async function trimHistory(ctx: Pick<Context, 'models'>, requestId: Types.ObjectId): Promise<void> {
  for (;;) {
    const trimmed = await ctx.models.consentRequests.updateOne(
      { _id: requestId, [`history.${HISTORY_LIMIT}`]: { $exists: true } },
      { $pop: { history: -1 }, $inc: { historyDropped: 1 } },
    );
    if (trimmed.modifiedCount === 0) return;
  }
}
