import { CHECKED_WITH_MICROSOFT, type Context } from '@mca/core';

/**
 * The Partner Center poll: every `microsoft` request whose next check is due gets one check
 * job (its id names the check, so a second sweep before it ran adds nothing).
 */
export async function enqueueDueMicrosoftChecks(ctx: Context): Promise<{ due: number }> {
  if (!ctx.partnerCenter) return { due: 0 };
  let due = 0;
  const cursor = ctx.models.consentRequests
    .find({ nextCheckAt: { $lte: ctx.now() }, channel: 'microsoft', status: { $in: CHECKED_WITH_MICROSOFT } }, { _id: 1, checkCount: 1 })
    .lean()
    .cursor();
  for await (const r of cursor) {
    const result = await ctx.queues.ensure('microsoft', { requestId: r._id.toString(), check: r.checkCount ?? 0 });
    if (result !== 'exists') due += 1;
  }
  return { due };
}
