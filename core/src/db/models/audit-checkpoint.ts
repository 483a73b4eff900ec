import { Schema, type Connection, type Types } from 'mongoose';

/** The head of one customer's chain as a checkpoint saw it: one leaf of its Merkle tree. */
export interface CheckpointLeaf {
  customerId: string;
  seq: number;
  hash: string;
}

/**
 * A signed statement "these were the heads of every chain" (core/src/audit/checkpoint.ts):
 * `number` counts checkpoints 1, 2, 3... (unique), `root` is the RFC 9162 Merkle tree hash over
 * `leaves` (sorted by customerId), `signature` is Ed25519 over the checkpoint note's body.
 */
export interface AuditCheckpointRecord {
  _id: Types.ObjectId;
  number: number;
  origin: string;
  at: Date;
  treeSize: number;
  root: string;
  leaves: CheckpointLeaf[];
  keyId: string;
  /** base64 Ed25519 signature over checkpointBody(). */
  signature: string;
}

export const auditCheckpointSchema = new Schema<AuditCheckpointRecord>(
  {
    number: { type: Number, required: true },
    origin: { type: String, required: true },
    at: { type: Date, required: true },
    treeSize: { type: Number, required: true },
    root: { type: String, required: true },
    leaves: { type: [{ _id: false, customerId: String, seq: Number, hash: String }], default: [] },
    keyId: { type: String, required: true },
    signature: { type: String, required: true },
  },
  { versionKey: false },
);
// Serves: one checkpoint per number (two makers racing: one wins), the latest first.
auditCheckpointSchema.index({ number: 1 }, { unique: true });

export const auditCheckpointModel = (conn: Connection) => conn.model<AuditCheckpointRecord>('AuditCheckpoint', auditCheckpointSchema, 'audit_checkpoints');
