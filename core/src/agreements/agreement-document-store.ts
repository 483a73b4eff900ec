import { createHash } from 'node:crypto';
import type { AgreementContentType } from '@mca/templates';
import { asBuffer, isDuplicateKey, type AgreementDocumentCache, type Models } from '../db';
import { agreementContentTypeOf } from './document-content-type';

/** Refetched from Partner Center when older than this. */
export const AGREEMENT_DOCUMENT_MAX_AGE_MS = 24 * 60 * 60_000;

/** A cached row as callers use it: the content type narrowed to the two we present. */
export type StoredAgreementDocument = Omit<AgreementDocumentCache, '_id' | 'size' | 'contentType'> & { contentType: AgreementContentType };

export interface AgreementDocumentKey {
  templateId: string;
  country: string;
  language: string;
}

const sha256Of = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export function isFresh(doc: { fetchedAt: Date }, now: Date): boolean {
  return now.getTime() - doc.fetchedAt.getTime() < AGREEMENT_DOCUMENT_MAX_AGE_MS;
}

/**
 * The cached copy, or undefined. A copy whose bytes no longer match its hash, or that is not a
 * Word or PDF file, is treated as absent: it is evidence, and a corrupt one must not be sent.
 */
export async function readAgreementDocument(
  models: Models,
  key: AgreementDocumentKey,
  onCorrupt: (reason: string) => void,
): Promise<StoredAgreementDocument | undefined> {
  const row = await models.agreementDocuments.findOne(key).lean();
  return row ? fromRow(row, onCorrupt) : undefined;
}

/** The newest cached copy for a country and culture, of any template (when the current template is unknown). */
export async function readNewestAgreementDocument(
  models: Models,
  key: Omit<AgreementDocumentKey, 'templateId'>,
  onCorrupt: (reason: string) => void,
): Promise<StoredAgreementDocument | undefined> {
  const row = await models.agreementDocuments.findOne(key).sort({ fetchedAt: -1 }).lean();
  return row ? fromRow(row, onCorrupt) : undefined;
}

/**
 * Stores (or replaces) the copy for its key. Plain upsert on the unique key: two workers
 * downloading at once both succeed, the later write wins, and both copies are Microsoft's.
 */
export async function writeAgreementDocument(models: Models, doc: StoredAgreementDocument): Promise<void> {
  const key = { templateId: doc.templateId, country: doc.country, language: doc.language };
  const fields = {
    servedLanguage: doc.servedLanguage,
    agreementLink: doc.agreementLink,
    fileName: doc.fileName,
    contentType: doc.contentType,
    size: doc.content.length,
    sha256: doc.sha256,
    content: doc.content,
    downloadedFrom: doc.downloadedFrom,
    fetchedAt: doc.fetchedAt,
  };
  try {
    await models.agreementDocuments.updateOne(key, { $set: fields }, { upsert: true });
  } catch (err) {
    // Two upserts racing on a new key: one inserts, the other hits the unique index. Update it instead.
    if (!isDuplicateKey(err)) throw err;
    await models.agreementDocuments.updateOne(key, { $set: fields });
  }
}

function fromRow(row: AgreementDocumentCache, onCorrupt: (reason: string) => void): StoredAgreementDocument | undefined {
  const content = asBuffer(row.content as Parameters<typeof asBuffer>[0]);
  const contentType = agreementContentTypeOf(content);
  const where = `${row.templateId} ${row.country} ${row.language}`;
  if (sha256Of(content) !== row.sha256) {
    onCorrupt(`cached agreement document ${where} does not match its SHA-256`);
    return undefined;
  }
  if (!contentType) {
    onCorrupt(`cached agreement document ${where} is neither a Word file nor a PDF`);
    return undefined;
  }
  return {
    templateId: row.templateId,
    country: row.country,
    language: row.language,
    servedLanguage: row.servedLanguage,
    agreementLink: row.agreementLink ?? '',
    fileName: row.fileName,
    contentType,
    content,
    sha256: row.sha256,
    downloadedFrom: row.downloadedFrom ?? '',
    fetchedAt: new Date(row.fetchedAt),
  };
}
