import { metrics } from '@mca/platform';
import type { Context } from '@mca/core';

/**
 * Deletes inbound mail that matched no request once its retention (INBOUND_UNCORRELATED_RETENTION,
 * stamped as `deleteAt` when it was processed) is over: it is nobody's evidence, and it may
 * hold a stranger's personal data. A sweep rather than a TTL index: FerretDB 1.24 has none.
 * Rows kept by a version before `deleteAt` existed are judged by their processing time.
 */
export async function deleteExpiredInboundEmails(ctx: Context): Promise<number> {
  const now = ctx.now();
  const legacyBefore = new Date(now.getTime() - ctx.config.INBOUND_UNCORRELATED_RETENTION);
  const { deletedCount } = await ctx.models.inboundEmails.deleteMany({
    $or: [
      { deleteAt: { $lte: now } },
      { deleteAt: { $exists: false }, status: 'processed', outcome: 'uncorrelated', requestId: { $exists: false }, processedAt: { $lte: legacyBefore } },
    ],
  });
  if (deletedCount > 0) {
    metrics.inboundEmailsDeleted.inc(deletedCount);
    ctx.logger.info({ deleted: deletedCount }, 'deleted uncorrelated inbound email past its retention');
  }
  return deletedCount;
}
