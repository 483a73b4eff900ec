import { Types } from 'mongoose';
import type { Context } from '../context';
import { duplicatesRefused, isDuplicateKey, partnerSettings, type StoredCustomer, type NotificationChannel, type PartnerEvent } from '../db';

/**
 * Tells a partner about something that happened to one of its customers: see recordPartnerEvent.
 */
export async function notifyPartner(
  ctx: Pick<Context, 'models' | 'queues' | 'now'>,
  input: { customer: Pick<StoredCustomer, '_id' | 'partnerId'>; event: PartnerEvent; subjectKey: string; data: Record<string, unknown> },
): Promise<void> {
  await recordPartnerEvent(ctx, {
    partnerId: input.customer.partnerId,
    customerId: input.customer._id,
    event: input.event,
    subjectKey: input.subjectKey,
    data: input.data,
  });
}

/**
 * Records one partner event (the events feed reads it, whatever channels the partner has)
 * and puts it in the notification outbox once per channel the partner has configured, then
 * enqueues delivery. `subjectKey` names what the event is about (a customer, a request):
 * together with the event it is unique, so calling this again for the same thing (a
 * redelivered reply, a retried unlock) neither stores nor sends a second one.
 */
export async function recordPartnerEvent(
  ctx: Pick<Context, 'models' | 'queues' | 'now'>,
  input: { partnerId: Types.ObjectId; customerId?: Types.ObjectId; event: PartnerEvent; subjectKey: string; data: Record<string, unknown> },
): Promise<void> {
  const partner = await partnerSettings(ctx.models, input.partnerId);
  if (!partner) return;
  const eventKey = `${input.event}:${input.subjectKey}`;
  const eventId = await storedOnce(
    () =>
      ctx.models.partnerEvents.create({
        key: eventKey,
        partnerId: input.partnerId,
        customerId: input.customerId,
        type: input.event,
        data: input.data,
        createdAt: ctx.now(),
      }),
    () => ctx.models.partnerEvents.findOne({ key: eventKey }, { _id: 1 }).lean(),
  );
  if (!eventId) return;

  const channels: NotificationChannel[] = [];
  if (partner.notifyEmail) channels.push('email');
  if (partner.webhookUrl) channels.push('webhook');
  if (!channels.length) return;
  const rows = channels.map((channel) => ({
    _id: new Types.ObjectId(),
    key: `${eventKey}:${channel}`,
    eventId,
    partnerId: input.partnerId,
    customerId: input.customerId,
    event: input.event,
    channel,
    payload: input.data,
    status: 'pending' as const,
    attempts: [],
    createdAt: ctx.now(),
  }));
  // Both channels' rows in one insert; a row already there (a retry) is delivered only while still pending.
  let refused = new Set<number>();
  try {
    await ctx.models.notifications.insertMany(rows, { ordered: false });
  } catch (err) {
    refused = duplicatesRefused(err) ?? throwAgain(err);
  }
  const ids: Types.ObjectId[] = [];
  for (const [i, row] of rows.entries()) {
    if (!refused.has(i)) {
      ids.push(row._id);
      continue;
    }
    const existing = await ctx.models.notifications.findOne({ key: row.key }, { _id: 1, status: 1 }).lean();
    if (existing?.status === 'pending') ids.push(existing._id);
  }
  await ctx.queues.addBulk(
    'notify',
    ids.map((id) => ({ notificationId: id.toString() })),
  );
}

const throwAgain = (err: unknown): never => {
  throw err;
};

async function storedOnce(create: () => Promise<{ _id: Types.ObjectId }>, find: () => Promise<{ _id: Types.ObjectId } | null>) {
  try {
    return (await create())._id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await find())?._id;
  }
}
