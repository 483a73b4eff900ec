import { Schema, type Connection, type Types } from 'mongoose';

/**
 * One piece of evidence: an uploaded scan, or a document fetched from DocuSign. The bytes are in
 * GridFS (`blobId`, bucket `evidence`); write and read them through evidence/evidence-store.ts.
 */
export interface EvidenceFile {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  customerId: Types.ObjectId;
  /** What this file is evidence of, when it came from a channel (e.g. `docusign:<envelopeId>:combined`). */
  key?: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  blobId?: Types.ObjectId;
  /** Rows written before evidence moved to GridFS hold their bytes here. */
  data?: Buffer;
  createdAt: Date;
}

export const evidenceFileSchema = new Schema<EvidenceFile>(
  {
    partnerId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    key: String,
    fileName: String,
    contentType: String,
    size: Number,
    sha256: String,
    blobId: Schema.Types.ObjectId,
    data: Buffer,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// No index on `key`: a keyed row's _id is derived from it (evidenceIdFor), so lookups by key are by _id.

export const evidenceFileModel = (conn: Connection) => conn.model<EvidenceFile>('EvidenceFile', evidenceFileSchema, 'evidence_files');
