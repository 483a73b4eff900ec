import type { Context } from '../context';
import { isDuplicateKey, type Customer, type NotificationChannel, type PartnerEvent } from '../db';

/**
 * Puts one partner event in the notification outbox, once per channel the partner has
 * configured, and enqueues delivery. `subjectKey` names what the event is about (a customer,
 * a request): together with event and channel it is unique, so calling this again for the
 * same thing (a redelivered reply, a retried unlock) neither stores nor sends a second one.
 */
export async function notifyPartner(
  ctx: Pick<Context, 'models' | 'queues' | 'now'>,
  input: { customer: Customer; event: PartnerEvent; subjectKey: string; data: Record<string, unknown> },
): Promise<void> {
  const partner = await ctx.models.partners.findById(input.customer.partnerId, { notifyEmail: 1, webhookUrl: 1 }).lean();
  if (!partner) return;
  const channels: NotificationChannel[] = [];
  if (partner.notifyEmail) channels.push('email');
  if (partner.webhookUrl) channels.push('webhook');

  for (const channel of channels) {
    const key = `${input.event}:${input.subjectKey}:${channel}`;
    let id;
    try {
      const created = await ctx.models.notifications.create({
        key,
        partnerId: input.customer.partnerId,
        customerId: input.customer._id,
        event: input.event,
        channel,
        payload: input.data,
        status: 'pending',
        createdAt: ctx.now(),
      });
      id = created._id;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await ctx.models.notifications.findOne({ key }, { _id: 1, status: 1 }).lean();
      if (!existing || existing.status !== 'pending') continue;
      id = existing._id;
    }
    await ctx.queues.add('notify', { notificationId: id.toString() });
  }
}
