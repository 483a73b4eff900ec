import { Schema, type Connection, type Types } from 'mongoose';

export type ConnectOutcome = 'applied' | 'synced' | 'unknown-envelope' | 'ignored';

/**
 * Every DocuSign Connect message, raw, stored before the webhook answers. Connect messages
 * carry no event id, so `dedupKey` is derived (envelope + event + recipient + generated time,
 * else the body hash); the unique index makes a redelivery a no-op.
 */
export interface ConnectMessage {
  _id: Types.ObjectId;
  dedupKey: string;
  /** Sealed like an inbound email's (core/src/vault/raw-messages.ts). */
  raw: Buffer;
  sealedFor?: Types.ObjectId;
  contentType: string;
  sha256: string;
  envelopeId: string;
  event: string;
  status: 'received' | 'processed';
  outcome?: ConnectOutcome;
  detail?: string;
  receivedAt: Date;
  processedAt?: Date;
}

export const connectMessageSchema = new Schema<ConnectMessage>(
  {
    dedupKey: { type: String, required: true },
    raw: { type: Buffer, required: true },
    sealedFor: Schema.Types.ObjectId,
    contentType: String,
    sha256: String,
    envelopeId: { type: String, required: true },
    event: { type: String, required: true },
    status: { type: String, required: true, default: 'received' },
    outcome: String,
    detail: String,
    receivedAt: { type: Date, required: true },
    processedAt: Date,
  },
  { versionKey: false },
);
// Serves: deduplication of redelivered Connect messages.
connectMessageSchema.index({ dedupKey: 1 }, { unique: true });
// Serves: the sweeper's "stored but never processed" scan.
connectMessageSchema.index({ status: 1, receivedAt: 1 });

export const connectMessageModel = (conn: Connection) => conn.model<ConnectMessage>('ConnectMessage', connectMessageSchema, 'docusign_connect_messages');
