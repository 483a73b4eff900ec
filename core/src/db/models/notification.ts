import { Schema, type Connection, type Types } from 'mongoose';

export const PARTNER_EVENTS = ['customer.unlocked', 'consent.declined', 'consent.needs_review', 'consent.expired', 'campaign.completed'] as const;
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
 * processed, the partner is told once; the event's id (`eventId`) is the idempotency key
 * sent out. A failed try sets `nextAttemptAt` (the notification's own backoff schedule,
 * WEBHOOK_RETRY_FOR long); `failed` is final: refused, nowhere to send, or given up.
 */
export interface Notification {
  _id: Types.ObjectId;
  key: string;
  /** The partner_events row; absent only on rows from before the events feed until the migration links them. */
  eventId?: Types.ObjectId;
  partnerId: Types.ObjectId;
  customerId?: Types.ObjectId;
  event: PartnerEvent;
  channel: NotificationChannel;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  /** Why the last try failed (or why the row is failed: `refused: …`, `gave up …`). */
  lastError?: string;
  nextAttemptAt?: Date;
  createdAt: Date;
  deliveredAt?: Date;
}

export const notificationSchema = new Schema<Notification>(
  {
    key: { type: String, required: true },
    eventId: Schema.Types.ObjectId,
    partnerId: { type: Schema.Types.ObjectId, required: true },
    customerId: Schema.Types.ObjectId,
    event: { type: String, required: true },
    channel: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, default: 'pending' },
    attempts: { type: [{ at: Date, ok: Boolean, detail: String }], default: [] },
    lastError: String,
    nextAttemptAt: Date,
    createdAt: { type: Date, required: true },
    deliveredAt: Date,
  },
  { versionKey: false },
);
// Serves: once-per-event delivery.
notificationSchema.index({ key: 1 }, { unique: true });
// Serves: the sweeper's "pending for too long" scan.
notificationSchema.index({ status: 1, createdAt: 1 });

export const notificationModel = (conn: Connection) => conn.model<Notification>('Notification', notificationSchema, 'notifications');
