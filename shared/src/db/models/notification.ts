import { Schema, type Connection, type Types } from 'mongoose';

export const PARTNER_EVENTS = ['customer.unlocked', 'consent.declined', 'consent.needs_review', 'consent.expired'] as const;
export type PartnerEvent = (typeof PARTNER_EVENTS)[number];
export type NotificationChannel = 'email' | 'webhook';

export interface DeliveryAttempt {
  at: Date;
  ok: boolean;
  detail: string;
}

/**
 * One partner notification on one channel: the outbox row and the delivery log in one.
 * `key` is unique (event + subject + channel), so however often an unlock or a decline is
 * processed, the partner is told once; the row's id is the idempotency key sent out.
 */
export interface Notification {
  _id: Types.ObjectId;
  key: string;
  partnerId: Types.ObjectId;
  customerId: Types.ObjectId;
  event: PartnerEvent;
  channel: NotificationChannel;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  createdAt: Date;
  deliveredAt?: Date;
}

export const notificationSchema = new Schema<Notification>(
  {
    key: { type: String, required: true },
    partnerId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    event: { type: String, required: true },
    channel: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, default: 'pending' },
    attempts: { type: [{ at: Date, ok: Boolean, detail: String }], default: [] },
    createdAt: { type: Date, required: true },
    deliveredAt: Date,
  },
  { versionKey: false },
);
// Serves: once-per-event delivery.
notificationSchema.index({ key: 1 }, { unique: true });
// Serves: the sweeper's "pending for too long" scan.
notificationSchema.index({ status: 1, createdAt: 1 });

export const notificationModel = (conn: Connection) =>
  conn.model<Notification>('Notification', notificationSchema, 'notifications');
