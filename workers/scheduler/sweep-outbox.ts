import { EMAIL_REMINDED_CHANNELS, EXPIRABLE_STATUSES, REMINDABLE_STATUSES, customerFollowsRequest, enqueueSend, type Context } from '@mca/core';
import { metrics } from '@mca/platform';
import { sweepCampaigns } from '@mca/api/src/use-cases/campaign-lifecycle';

/**
 * The safety net of the outbox pattern: work recorded in Mongo whose job never ran (a crash
 * between the write and the enqueue, a job that exhausted its retries while Redis or Mongo
 * was away) is enqueued again. Everything it enqueues is idempotent, so a sweep that races
 * a slow job costs nothing but a no-op.
 */
export async function sweepOutbox(ctx: Context): Promise<Record<string, number>> {
  const { models, queues, config } = ctx;
  const before = new Date(ctx.now().getTime() - config.SWEEP_AFTER_MS);
  const counts = { inbound: 0, connect: 0, unlock: 0, notify: 0, dispatch: 0, reminder: 0, expiry: 0, campaign: 0, customer: 0 };
  const requeued = async (kind: keyof typeof counts, result: string) => {
    if (result === 'exists') return;
    counts[kind] += 1;
    metrics.sweeps.inc({ kind });
  };

  for await (const m of models.inboundEmails
    .find({ status: 'received', receivedAt: { $lt: before } }, { _id: 1 })
    .lean()
    .cursor()) {
    await requeued('inbound', await queues.ensure('inbound-email', { inboundEmailId: m._id.toString() }));
  }
  for await (const m of models.connectMessages
    .find({ status: 'received', receivedAt: { $lt: before } }, { _id: 1 })
    .lean()
    .cursor()) {
    await requeued('connect', await queues.ensure('inbound-docusign', { connectMessageId: m._id.toString() }));
  }
  for await (const c of models.customers
    .find({ unlockPendingSince: { $lt: before } }, { _id: 1 })
    .lean()
    .cursor()) {
    await requeued('unlock', await queues.ensure('unlock', { customerId: c._id.toString() }));
  }
  // A pending notification is still within WEBHOOK_RETRY_FOR (the processor ends it at the
  // deadline); a revived job waits for the row's nextAttemptAt, so reviving early costs no try.
  for await (const n of models.notifications
    .find({ status: 'pending', createdAt: { $lt: before } }, { _id: 1 })
    .lean()
    .cursor()) {
    await requeued('notify', await queues.ensure('notify', { notificationId: n._id.toString() }));
  }
  // A request its paused campaign holds waits for the resume, not the sweeper.
  const queued = models.consentRequests.find(
    { status: 'queued', updatedAt: { $lt: before }, heldByCampaign: { $ne: true } },
    { _id: 1, sendCount: 1, channel: 1 },
  );
  for await (const r of queued.lean().cursor()) await requeued('dispatch', await enqueueSend(queues, r, 'ensure'));
  // Reminders and expiries are delayed jobs; the request's fields are the truth. One that is
  // due and has no job (Redis flushed, a crash between the send and the enqueue) gets one now.
  const remindable = models.consentRequests.find(
    { nextReminderAt: { $lt: before }, status: { $in: REMINDABLE_STATUSES }, channel: { $in: EMAIL_REMINDED_CHANNELS } },
    { _id: 1, sendCount: 1, remindersSent: 1 },
  );
  for await (const r of remindable.lean().cursor()) {
    const payload = { requestId: r._id.toString(), sendCount: r.sendCount, reminder: (r.remindersSent ?? 0) + 1 };
    await requeued('reminder', await queues.ensure('dispatch-email', payload));
  }
  const expirable = models.consentRequests.find({ expiresAt: { $lt: before }, status: { $in: EXPIRABLE_STATUSES } }, { _id: 1, sendCount: 1 });
  for await (const r of expirable.lean().cursor()) {
    await requeued('expiry', await queues.ensure('expiry', { requestId: r._id.toString(), sendCount: r.sendCount }));
  }
  const campaigns = await sweepCampaigns(ctx);
  for (let i = 0; i < campaigns; i++) await requeued('campaign', 'added');
  // A customer that did not follow its request (a crash between the two writes): no job to
  // enqueue, the follow is one idempotent write, done here.
  for await (const r of models.consentRequests
    .find({ customerFollowPendingSince: { $lt: before } }, { _id: 1 })
    .lean()
    .cursor()) {
    await customerFollowsRequest(ctx, r._id);
    await requeued('customer', 'added');
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > 0) ctx.logger.warn({ counts }, 'sweeper re-enqueued outbox work');
  return counts;
}
