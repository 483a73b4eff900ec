import { Types } from 'mongoose';
import { openRecord, openRaw, personalDataErased, evidenceAltered, readEvidence, type ConsentEvidence, type ConsentRecord, type Context } from '@mca/core';
import { notFound, sha256Hex } from '@mca/platform';
import type { DOCUMENT_NAMES } from '../schemas';
import type { Reader } from '../http/reader';
import { findCustomer } from './customers';
import { recordRead } from './record-reads';

/**
 * The consent records of a customer and the documents that prove them, for the partner and
 * its auditors: who consented, when, how, on which agreement, and the evidence itself, each
 * document checked against the SHA-256 recorded when it was kept before it is served.
 */
export type DocumentName = (typeof DOCUMENT_NAMES)[number];

export interface DocumentInfo {
  name: DocumentName;
  contentType: string;
  sha256: string;
  size?: number;
}

export interface ServedDocument extends DocumentInfo {
  fileName: string;
  data: Buffer;
}

export async function listConsentRecords(ctx: Context, partnerId: Types.ObjectId, customerId: string): Promise<ConsentRecord[]> {
  const customer = await findCustomer(ctx, partnerId, customerId);
  const rows = await ctx.models.consentRecords.find({ customerId: customer._id, partnerId }).sort({ createdAt: 1 }).lean();
  return Promise.all(rows.map((r) => openRecord(ctx.vault, r)));
}

/** What each kind of evidence holds; the names are the document URLs' last segment. */
export function documentsOf(evidence: ConsentEvidence): DocumentInfo[] {
  switch (evidence.kind) {
    case 'email':
      return [{ name: 'reply', contentType: 'message/rfc822', sha256: evidence.rawSha256 }];
    case 'attestation':
      return [{ name: 'scan', contentType: evidence.contentType, sha256: evidence.sha256, size: evidence.size }];
    case 'docusign':
      return [
        { name: 'signed-document', contentType: 'application/pdf', sha256: evidence.signedDocument.sha256, size: evidence.signedDocument.size },
        { name: 'certificate', contentType: 'application/pdf', sha256: evidence.certificate.sha256, size: evidence.certificate.size },
      ];
    case 'microsoft':
      return [{ name: 'partner-center', contentType: 'application/json', sha256: evidence.sha256 }];
  }
}

/** One document for the partner: served, and its reading appended to the customer's audit chain. */
export async function readConsentDocument(
  ctx: Context,
  reader: Reader,
  partnerId: Types.ObjectId,
  customerId: string,
  recordId: string,
  name: DocumentName,
): Promise<ServedDocument> {
  const doc = await loadConsentDocument(ctx, partnerId, customerId, recordId, name);
  await recordRead(ctx, reader, `document:${name}:${recordId}`, { customerId, partnerId });
  return doc;
}

/** One document, checked against its recorded hash; the caller records the reading (the evidence pack records one for all). */
export async function loadConsentDocument(
  ctx: Context,
  partnerId: Types.ObjectId,
  customerId: string,
  recordId: string,
  name: DocumentName,
): Promise<ServedDocument> {
  const stored = await ctx.models.consentRecords.findOne({ _id: recordId, customerId, partnerId }).lean();
  if (!stored) throw notFound('consent record');
  // Erased on purpose: gone for good (410), not altered evidence.
  if (await ctx.vault.isErased(stored.customerId)) throw personalDataErased();
  const record = await openRecord(ctx.vault, stored);
  const info = documentsOf(record.evidence).find((d) => d.name === name);
  if (!info) throw notFound(`document "${name}" of this consent record`);
  const { data, fileName, sha256 } = await documentBytes(ctx, record, name);
  if (sha256 !== info.sha256) throw evidenceAltered(`the ${name} of consent record ${recordId}`);
  return { ...info, size: data.length, fileName, data };
}

/** The document's bytes and their SHA-256, hashed once (an evidence file's read checks its own row's hash). */
async function documentBytes(ctx: Context, record: ConsentRecord, name: DocumentName): Promise<{ data: Buffer; fileName: string; sha256: string }> {
  const e = record.evidence;
  const id = record._id.toString();
  const hashed = (data: Buffer, fileName: string) => ({ data, fileName, sha256: sha256Hex(data) });
  if (e.kind === 'email') {
    const mail = await ctx.models.inboundEmails.findById(e.inboundEmailId, { raw: 1, sealedFor: 1 }).lean();
    if (!mail) throw evidenceAltered(`the reply of consent record ${id} (missing)`);
    return hashed(await openRaw(ctx.vault, 'inbound-email', mail), `${id}-reply.eml`);
  }
  if (e.kind === 'microsoft') return hashed(Buffer.from(JSON.stringify(e.partnerCenter)), `${id}-partner-center.json`);
  const ref = e.kind === 'attestation' ? e.evidenceFileId : name === 'certificate' ? e.certificate.evidenceFileId : e.signedDocument.evidenceFileId;
  const { file, data } = await readEvidence(ctx, record.partnerId, ref);
  return { data, fileName: file.fileName, sha256: file.sha256 };
}
