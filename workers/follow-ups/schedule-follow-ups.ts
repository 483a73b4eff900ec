import type { RequestFacts, Context } from '@mca/core';

/**
 * Enqueues the delayed jobs of a request that was just sent: its next reminder and its expiry.
 * The request's `nextReminderAt` and `expiresAt` are the truth; these jobs are how they are
 * acted on in time, and the sweeper enqueues them again if Redis lost them.
 */
export async function scheduleFollowUps(ctx: Pick<Context, 'queues'>, request: RequestFacts): Promise<void> {
  const requestId = request._id.toString();
  const { sendCount } = request;
  if (request.nextReminderAt) {
    await ctx.queues.add('dispatch-email', { requestId, sendCount, reminder: (request.remindersSent ?? 0) + 1 }, { runAt: request.nextReminderAt });
  }
  if (request.expiresAt) await ctx.queues.add('expiry', { requestId, sendCount }, { runAt: request.expiresAt });
}
