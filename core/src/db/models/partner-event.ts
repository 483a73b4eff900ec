import { Schema, type Connection, type Types } from 'mongoose';
import type { PartnerEvent } from './notification';

/**
 * One event a partner is told about, once, whatever its channels: the events feed
 * (GET /v1/events) reads these, and each channel's notification row refers to one. Its id is
 * the `webhook-id` of the delivery. `key` (event + subject) is unique, so a retried unlock or
 * a redelivered reply records the event once. Kept for good (no TTL: FerretDB has none), which
 * more than covers the feed's promised 30 days.
 */
export interface PartnerEventRecord {
  _id: Types.ObjectId;
  key: string;
  partnerId: Types.ObjectId;
  /** The customer the event is about; campaign events have none. */
  customerId?: Types.ObjectId;
  type: PartnerEvent;
  data: Record<string, unknown>;
  createdAt: Date;
}

export const partnerEventSchema = new Schema<PartnerEventRecord>(
  {
    key: { type: String, required: true },
    partnerId: { type: Schema.Types.ObjectId, required: true },
    customerId: Schema.Types.ObjectId,
    type: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// Serves: once per event.
partnerEventSchema.index({ key: 1 }, { unique: true });
// Serves: the feed, a partner's events after a cursor, oldest first.
partnerEventSchema.index({ partnerId: 1, _id: 1 });

export const partnerEventModel = (conn: Connection) => conn.model<PartnerEventRecord>('PartnerEvent', partnerEventSchema, 'partner_events');
