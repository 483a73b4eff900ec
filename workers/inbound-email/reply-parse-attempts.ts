import type { Types } from 'mongoose';
import type { Context } from '@mca/core';

/**
 * Tries at reading one reply before it goes to a person. Two, so a parse that ran out of time
 * on a loaded machine gets a second chance; a crafted reply does not get a third.
 */
export const MAX_REPLY_PARSE_ATTEMPTS = 2;

/** The review reason for a reply whose reading never finished (budget exceeded, or the process died in it). */
export const OVER_BUDGET_REASON = 'the reply could not be parsed within the time budget';

/**
 * Counts a start of reading on the stored message, before the reading, so that a process that
 * dies in the middle (an out-of-memory kill, a stalled job) counts it too: the count lives
 * with the message, not with the job, which the sweeper may revive any number of times.
 * Returns the attempt number, or undefined when the message was processed meanwhile.
 */
export async function countReplyParseAttempt(ctx: Context, inboundEmailId: Types.ObjectId): Promise<number | undefined> {
  const updated = await ctx.models.inboundEmails
    .findOneAndUpdate(
      { _id: inboundEmailId, status: 'received' },
      { $inc: { replyParseAttempts: 1 } },
      { returnDocument: 'after' }, // no projection: FerretDB's findAndModify does not take one
    )
    .lean();
  return updated?.replyParseAttempts ?? undefined;
}
