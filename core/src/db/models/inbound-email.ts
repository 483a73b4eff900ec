import { Schema, type Connection, type Types } from 'mongoose';

export type InboundEmailStatus = 'received' | 'processed';

/** What became of a stored reply: kept on the raw message so nothing is dropped silently. */
export type InboundOutcome = 'accepted' | 'declined' | 'needs-review' | 'bounced' | 'auto-reply' | 'uncorrelated' | 'unparseable' | 'request-closed';

/**
 * Every inbound email, raw, stored before the webhook answers. `dedupKey` (Message-ID, else
 * the body hash) and `sha256` (the raw bytes), each under a unique index, make a redelivered
 * message a no-op.
 */
export interface InboundEmail {
  _id: Types.ObjectId;
  dedupKey: string;
  /** Sealed (core/src/vault/raw-messages.ts): under the system key until correlated, then under `sealedFor`'s. */
  raw: Buffer;
  /** The customer whose data key seals `raw`; absent: the system key (or plain, on rows from before sealing). */
  sealedFor?: Types.ObjectId;
  /** SHA-256 of the raw bytes as they arrived (not of the sealed form). */
  sha256: string;
  size: number;
  status: InboundEmailStatus;
  outcome?: InboundOutcome;
  detail?: string;
  requestId?: Types.ObjectId;
  /** Times reading the reply text was started; counted before each, so a crash mid-parse counts. */
  replyParseAttempts?: number;
  receivedAt: Date;
  processedAt?: Date;
  /** Set only on mail that matched no request: the scheduler deletes it at this time (INBOUND_UNCORRELATED_RETENTION). */
  deleteAt?: Date;
}

export const inboundEmailSchema = new Schema<InboundEmail>(
  {
    dedupKey: { type: String, required: true },
    raw: { type: Buffer, required: true },
    sealedFor: Schema.Types.ObjectId,
    sha256: { type: String, required: true },
    size: Number,
    status: { type: String, required: true, default: 'received' },
    outcome: String,
    detail: String,
    requestId: Schema.Types.ObjectId,
    replyParseAttempts: Number,
    receivedAt: { type: Date, required: true },
    processedAt: Date,
    deleteAt: Date,
  },
  { versionKey: false },
);
// Serves: deduplication of redelivered messages.
inboundEmailSchema.index({ dedupKey: 1 }, { unique: true });
// Serves: deduplication of the same bytes under another Message-ID key.
inboundEmailSchema.index({ sha256: 1 }, { unique: true });
// Serves: the reply a request in needs-review is waiting on (a partner's review decision, the console).
inboundEmailSchema.index({ requestId: 1, receivedAt: -1 });
// Serves: the scheduler's deletion of uncorrelated mail (not a TTL index: FerretDB 1.24 has none).
inboundEmailSchema.index({ deleteAt: 1 });
// Serves: the sweeper's "stored but never processed" scan.
inboundEmailSchema.index({ status: 1, receivedAt: 1 });

export const inboundEmailModel = (conn: Connection) => conn.model<InboundEmail>('InboundEmail', inboundEmailSchema, 'inbound_emails');
