import type { Types } from 'mongoose';
import type { Context } from '../context';

/** At most one `consent.needs_review` per request in this interval: a flood of replies is one review. */
export const REVIEW_NOTICE_INTERVAL_MS = 60 * 60_000;

/**
 * Whether the partner is to be told about this review now. The claim is a compare-and-set on
 * the request: free when no notice went out within the interval, or when it went out for this
 * same subject (a retried job must still create its notification). Otherwise the notice is
 * held back and counted on the request; the reason stays in the request's history.
 */
export async function claimReviewNotice(ctx: Pick<Context, 'models' | 'now'>, requestId: Types.ObjectId, subjectKey: string): Promise<boolean> {
  const now = ctx.now();
  const claimed = await ctx.models.consentRequests.updateOne(
    {
      _id: requestId,
      $or: [
        { 'reviewNotices.lastAt': { $exists: false } },
        { 'reviewNotices.lastAt': { $lte: new Date(now.getTime() - REVIEW_NOTICE_INTERVAL_MS) } },
        { 'reviewNotices.lastSubjectKey': subjectKey },
      ],
    },
    { $set: { 'reviewNotices.lastAt': now, 'reviewNotices.lastSubjectKey': subjectKey } },
  );
  if (claimed.matchedCount === 1) return true;
  await ctx.models.consentRequests.updateOne({ _id: requestId }, { $inc: { 'reviewNotices.suppressed': 1 } });
  return false;
}
