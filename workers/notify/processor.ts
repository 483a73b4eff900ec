import { appendAuditEvent, partnerNotified, partnerSettings, openWebhookSecret, type Context, type Notification, type Partner, type Payload } from '@mca/core';
import { RetryLaterError, WebhookRefusedError, metrics } from '@mca/platform';
import { renderCampaignCompleted, renderPartnerNotification } from '@mca/templates';
import { nextTryAt } from './retry-schedule';
import { sendPartnerWebhook } from './send-partner-webhook';

/** Retrying cannot help: the partner no longer has this channel (or is gone). */
class NowhereToSend extends Error {}

/**
 * Delivers one outbox notification. Already delivered or failed -> nothing. Each try is
 * logged on the row; the row is marked delivered by compare-and-set after the send, and the
 * id sent out (webhook-id, Message-ID) stays the same across retries. A failed try is retried
 * on the notification's own schedule (retry-schedule.ts) until WEBHOOK_RETRY_FOR after the
 * event, kept in Mongo (`nextAttemptAt`), so neither a restart nor a lost job loses it; a
 * refusal (SSRF guard) or a partner without the channel ends the row `failed` at once.
 */
export async function deliverNotification(ctx: Context, payload: Payload<'notify'>): Promise<void> {
  const { models } = ctx;
  const n = await models.notifications.findById(payload.notificationId).lean();
  if (!n || n.status !== 'pending') return;
  const now = ctx.now();
  // A job revived by the sweeper before its time: back to the schedule, no try spent.
  if (n.nextAttemptAt && n.nextAttemptAt.getTime() - now.getTime() > 1_000) throw new RetryLaterError('not due yet', n.nextAttemptAt);

  try {
    const partner = await partnerSettings(models, n.partnerId);
    if (!partner) throw new NowhereToSend(`partner ${n.partnerId.toString()} is gone`);
    const detail = n.channel === 'email' ? await sendEmail(ctx, n, partner.notifyEmail) : await sendWebhook(ctx, n, partner, now);
    await appendAuditEvent(ctx, partnerNotified(n));
    await models.notifications.updateOne(
      { _id: n._id, status: 'pending' },
      { $set: { status: 'delivered', deliveredAt: now }, $unset: { nextAttemptAt: 1 }, $push: { attempts: { at: now, ok: true, detail } } },
    );
    metrics.notifications.inc({ channel: n.channel, event: n.event, result: 'delivered' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof WebhookRefusedError) {
      metrics.webhookRefused.inc({ reason: err.reason });
      return endFailed(ctx, n, now, `refused: ${message}`, 'refused');
    }
    if (err instanceof NowhereToSend) return endFailed(ctx, n, now, message, 'failed');

    const tries = n.attempts.filter((a) => !a.ok).length + 1;
    const giveUpAt = new Date(n.createdAt.getTime() + ctx.config.WEBHOOK_RETRY_FOR);
    if (now >= giveUpAt) return endFailed(ctx, n, now, `gave up after ${tries} tries: ${message}`, 'failed');
    const retryAt = nextTryAt({ now, tries, giveUpAt, baseMs: ctx.config.JOB_BACKOFF_MS });
    await models.notifications.updateOne(
      { _id: n._id, status: 'pending' },
      { $set: { lastError: message, nextAttemptAt: retryAt }, $push: { attempts: { at: now, ok: false, detail: message } } },
    );
    ctx.logger.warn({ notificationId: n._id.toString(), channel: n.channel, tries, retryAt, err: message }, 'partner notification failed; retrying');
    throw new RetryLaterError(message, retryAt);
  }
}

async function endFailed(ctx: Context, n: Notification, now: Date, reason: string, result: 'failed' | 'refused') {
  const ended = await ctx.models.notifications.updateOne(
    { _id: n._id, status: 'pending' },
    { $set: { status: 'failed', lastError: reason }, $unset: { nextAttemptAt: 1 }, $push: { attempts: { at: now, ok: false, detail: reason } } },
  );
  if (ended.modifiedCount === 0) return;
  metrics.notifications.inc({ channel: n.channel, event: n.event, result });
  ctx.logger.error(
    { notificationId: n._id.toString(), partnerId: n.partnerId.toString(), channel: n.channel, event: n.event, reason },
    'partner notification failed for good',
  );
}

/**
 * The job ran out of the queue's own attempts on an error outside the send (Mongo away, say):
 * the row stays pending, with the error, for the sweeper to revive; it still ends at the deadline.
 */
export async function noteNotificationJobExhausted(ctx: Context, payload: Payload<'notify'>, error: string): Promise<void> {
  await ctx.models.notifications.updateOne({ _id: payload.notificationId, status: 'pending' }, { $set: { lastError: error } });
}

async function sendEmail(ctx: Context, n: Notification, to: string | undefined): Promise<string> {
  if (!to) throw new NowhereToSend('the partner has no notifyEmail any more');
  const data = n.payload as Record<string, string | undefined>;
  const email =
    n.event === 'campaign.completed'
      ? renderCampaignCompleted({
          name: data.name ?? '',
          status: data.status ?? 'completed',
          counts: (n.payload.counts ?? {}) as Record<string, number>,
          consoleUrl: ctx.config.PUBLIC_URL,
        })
      : renderPartnerNotification(n.event, {
          customerName: data.customerName,
          tenantId: data.tenantId ?? '',
          acceptedAt: data.acceptedAt ? new Date(data.acceptedAt) : undefined,
          method: data.method,
          reason: data.reason,
          consoleUrl: n.customerId ? `${ctx.config.PUBLIC_URL}/#/customers/${n.customerId.toString()}` : ctx.config.PUBLIC_URL,
        });
  await ctx.mailer.send({
    messageId: `<notification-${n._id.toString()}@${ctx.config.REPLY_DOMAIN}>`,
    to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return `email to ${to}`;
}

/** The feed's id of the event, and so the `webhook-id`; rows from before the feed use their own id until migrated. */
const webhookIdOf = (n: Pick<Notification, '_id' | 'eventId'>) => `msg_${(n.eventId ?? n._id).toString()}`;

async function sendWebhook(ctx: Context, n: Notification, partner: Partner, now: Date) {
  if (!partner.webhookUrl || !partner.webhookSecret) throw new NowhereToSend('the partner has no webhook any more');
  const { status } = await sendPartnerWebhook({
    url: partner.webhookUrl,
    secret: openWebhookSecret(ctx.secrets, partner._id, partner.webhookSecret),
    id: webhookIdOf(n),
    type: n.event,
    data: n.payload,
    now,
    allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    resolve: ctx.hostResolver,
  });
  return `HTTP ${status} from ${partner.webhookUrl}`;
}
