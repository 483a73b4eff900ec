import { Schema, type Connection, type Types } from 'mongoose';

/**
 * Uploaded evidence (scanned or postal signature). Stored in a plain collection, not GridFS:
 * uploads are capped well below the 16 MB document limit and one document keeps the write
 * atomic on both MongoDB and FerretDB.
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
  data: Buffer;
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
    data: Buffer,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Serves: re-fetching the same DocuSign document on a retried job finds the stored copy.
evidenceFileSchema.index({ key: 1 });

export const evidenceFileModel = (conn: Connection) =>
  conn.model<EvidenceFile>('EvidenceFile', evidenceFileSchema, 'evidence_files');
