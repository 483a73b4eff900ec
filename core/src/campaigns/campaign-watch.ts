import type { Types } from 'mongoose';
import type { Context } from '../context';

/** How long after its second a check runs: later than every change made (and enqueued) in that second. */
const SETTLE_MS = 250;

/**
 * Something about a campaign changed (a request moved, the fan-out ended): ask for a
 * completion check. One check job per campaign and wall-clock second, delayed past the end of
 * that second, so a burst of changes costs one check and no change can slip in after the check
 * that should have seen it (it was enqueued in a second whose check runs after it). A lost
 * enqueue is the sweeper's: it checks every running campaign whose fan-out is done.
 */
export async function noteCampaignChange(ctx: Pick<Context, 'queues' | 'logger'>, campaignId: Types.ObjectId | string): Promise<void> {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  try {
    await ctx.queues.add('campaigns', { op: 'check', campaignId: campaignId.toString(), second }, { runAt: new Date((second + 1) * 1000 + SETTLE_MS) });
  } catch (err) {
    ctx.logger.warn({ err, campaignId: campaignId.toString() }, 'campaign check not enqueued; the sweeper will check it');
  }
}
