import { Schema, type Connection, type Types } from 'mongoose';

/**
 * One fact of a customer's audit chain (core/src/audit/). Append-only: written once by
 * appendAuditEvent and never updated or deleted; `seq` counts 1, 2, 3... per customer without
 * gaps, `prevHash` is the hash of event seq-1 and `hash` covers everything else (event-hash.ts).
 */
export interface AuditEventRecord {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
  partnerId: Types.ObjectId;
  seq: number;
  /** What makes this fact this fact (e.g. `consent:<recordId>`): a retried job appends nothing twice. */
  key: string;
  type: string;
  at: Date;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const auditEventSchema = new Schema<AuditEventRecord>(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    partnerId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
// Serves: the chain read in order, its head; and two writers can never take the same seq.
auditEventSchema.index({ customerId: 1, seq: 1 }, { unique: true });
// Serves: once per fact.
auditEventSchema.index({ key: 1 }, { unique: true });

export const auditEventModel = (conn: Connection) => conn.model<AuditEventRecord>('AuditEvent', auditEventSchema, 'audit_events');
