import { Schema, type Connection, type Types } from 'mongoose';

/**
 * Microsoft's agreement document as Partner Center served it, cached because its download links
 * expire in minutes and Partner Center may be down when a consent request goes out. One
 * document per template, country and culture asked for; `servedLanguage` is what Microsoft
 * actually returned (it answers en-US when it has no document in the language asked for).
 * A plain document (no GridFS): agreement documents are far below the 16 MB limit, and one
 * document keeps the write atomic on MongoDB and FerretDB alike.
 */
export interface AgreementDocumentCache {
  _id: Types.ObjectId;
  templateId: string;
  /** Upper-case ISO 3166-1 alpha-2, as asked. */
  country: string;
  /** The Partner Center culture asked for, e.g. nb-NO. */
  language: string;
  /** The culture Microsoft served, e.g. en-US after its own fallback. */
  servedLanguage: string;
  /** The template's stable public link at the time (getMcaTemplate's agreementLink). */
  agreementLink: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
  /** The download link without its signature, for the record. */
  downloadedFrom: string;
  fetchedAt: Date;
}

export const agreementDocumentSchema = new Schema<AgreementDocumentCache>(
  {
    templateId: { type: String, required: true },
    country: { type: String, required: true },
    language: { type: String, required: true },
    servedLanguage: { type: String, required: true },
    agreementLink: String,
    fileName: { type: String, required: true },
    contentType: { type: String, required: true },
    size: Number,
    sha256: { type: String, required: true },
    content: { type: Buffer, required: true },
    downloadedFrom: String,
    fetchedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// Serves: the catalogue's cache lookup, and one copy per template, country and culture asked.
agreementDocumentSchema.index({ templateId: 1, country: 1, language: 1 }, { unique: true });

export const agreementDocumentModel = (conn: Connection) =>
  conn.model<AgreementDocumentCache>('AgreementDocument', agreementDocumentSchema, 'agreement_documents');
