import { UnrecoverableError } from 'bullmq';
import { metrics, type Context, type Notification, type Payload } from '@mca/shared';
import { renderPartnerNotification } from '@mca/templates';
import { sendPartnerWebhook } from './send-partner-webhook';

/**
 * Delivers one outbox notification. Already delivered -> nothing. Each attempt is logged on
 * the row; the row is marked delivered by compare-and-set after the send, and the id sent
 * out (webhook-id, Message-ID) stays the same across retries.
 */
export async function deliverNotification(ctx: Context, payload: Payload<'notify'>): Promise<void> {
  const { models } = ctx;
  const n = await models.notifications.findById(payload.notificationId).lean();
  if (!n || n.status !== 'pending') return;
  const partner = await models.partners.findById(n.partnerId).lean();
  if (!partner) throw new UnrecoverableError(`partner ${n.partnerId} is gone`);

  const now = ctx.now();
  try {
    const detail = n.channel === 'email' ? await sendEmail(ctx, n, partner.notifyEmail) : await sendWebhook(n, partner, now);
    await models.notifications.updateOne(
      { _id: n._id, status: 'pending' },
      { $set: { status: 'delivered', deliveredAt: now }, $push: { attempts: { at: now, ok: true, detail } } },
    );
    metrics.notifications.inc({ channel: n.channel, event: n.event, result: 'delivered' });
  } catch (err) {
    await models.notifications.updateOne({ _id: n._id }, { $push: { attempts: { at: now, ok: false, detail: String(err) } } });
    throw err;
  }
}

export async function markNotificationFailed(ctx: Context, payload: Payload<'notify'>): Promise<void> {
  const n = await ctx.models.notifications.findOneAndUpdate(
    { _id: payload.notificationId, status: 'pending' },
    { $set: { status: 'failed' } },
  );
  if (n) metrics.notifications.inc({ channel: n.channel, event: n.event, result: 'failed' });
}

async function sendEmail(ctx: Context, n: Notification, to: string | undefined): Promise<string> {
  if (!to) throw new UnrecoverableError('the partner has no notifyEmail any more');
  const data = n.payload as Record<string, string | undefined>;
  const email = renderPartnerNotification(n.event, {
    customerName: data.customerName ?? '',
    tenantId: data.tenantId ?? '',
    acceptedAt: data.acceptedAt ? new Date(data.acceptedAt) : undefined,
    method: data.method,
    reason: data.reason,
    consoleUrl: `${ctx.config.PUBLIC_URL}/#/customers/${n.customerId.toString()}`,
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

async function sendWebhook(n: Notification, partner: { webhookUrl?: string; webhookSecret?: string }, now: Date) {
  if (!partner.webhookUrl || !partner.webhookSecret) throw new UnrecoverableError('the partner has no webhook any more');
  const { status } = await sendPartnerWebhook({
    url: partner.webhookUrl,
    secret: partner.webhookSecret,
    id: `msg_${n._id.toString()}`,
    type: n.event,
    data: n.payload,
    now,
  });
  return `HTTP ${status} from ${partner.webhookUrl}`;
}
