import type { Types } from 'mongoose';
import { ZipFile } from 'yazl';
import {
  auditSignerFor,
  exportCheckpointNote,
  inclusionProof,
  leafData,
  leafHash,
  makeCheckpoint,
  verifierKey,
  type AuditEventRecord,
  type ConsentRecord,
  type Context,
  hashedFieldsOf,
  openRecord,
} from '@mca/core';
import type { Reader } from '../../http/reader';
import { findCustomer } from '../customers';
import { recordRead } from '../record-reads';
import { documentsOf, loadConsentDocument } from '../consent-evidence';
import { certificatePdf } from './certificate-pdf';
import { consentCertificate } from './consent-certificate';
import { VERIFY_PACK_MJS, verifyInstructions } from './offline-verifier';

export interface EvidencePack {
  fileName: string;
  data: Buffer;
}

/**
 * The auditor's zip for one customer: the certificate of consent, the evidence as kept, the
 * customer's audit chain, a checkpoint signed now over every chain and this chain's inclusion
 * proof in it, and a verifier to check all of that offline. Reading it is a fact of its own
 * (`evidence.read`), appended before the checkpoint so the pack covers its own reading.
 */
export async function buildEvidencePack(ctx: Context, reader: Reader, partnerId: Types.ObjectId, customerId: string): Promise<EvidencePack> {
  const customer = await findCustomer(ctx, partnerId, customerId);
  const id = customer._id.toString();
  const at = ctx.now();
  await recordRead(ctx, reader, 'evidence-pack', customer);
  const signer = auditSignerFor(ctx.config, (file) =>
    ctx.logger.warn({ file }, 'AUDIT_SIGNING_KEY is not set: generated the checkpoint signing key in this file'),
  );
  const { checkpoint } = await makeCheckpoint(ctx, signer);
  const leafIndex = checkpoint.leaves.findIndex((l) => l.customerId === id);
  const leaf = checkpoint.leaves[leafIndex];
  if (!leaf) throw new Error(`checkpoint ${checkpoint.number} holds no head for customer ${id}`);
  const proof = inclusionProof(
    checkpoint.leaves.map((l) => leafHash(leafData(l))),
    leafIndex,
  );

  const events = (await ctx.models.auditEvents.find({ customerId: customer._id }).sort({ seq: 1 }).lean()).map(exported);
  const records = await Promise.all(
    (await ctx.models.consentRecords.find({ customerId: customer._id, partnerId }).sort({ createdAt: 1 }).lean()).map((r) => openRecord(ctx.vault, r)),
  );
  const { files, erased } = await evidenceFilesOf(ctx, partnerId, id, records, events);
  const vkey = verifierKey(signer.origin, signer.key.publicRaw);

  const certificate = await certificatePdf(
    consentCertificate({ customer, records, files, head: events.at(-1)!, checkpoint, leafIndex, proof, verifierKey: vkey, at }),
    at,
  );
  const zip = new ZipFile();
  const add = (name: string, data: Buffer | string) => zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), name, { mtime: at });
  add('certificate.pdf', certificate);
  for (const f of files) add(f.path, f.data);
  add(
    'manifest.json',
    `${JSON.stringify({ customerId: id, tenantId: customer.tenantId, createdAt: at.toISOString(), files: files.map(({ path, sha256, seq }) => ({ path, sha256, seq })), ...(erased.length ? { erased } : {}) }, null, 2)}\n`,
  );
  add('events.json', `${JSON.stringify(events, null, 2)}\n`);
  add('checkpoint.txt', exportCheckpointNote(checkpoint));
  add(
    'inclusion-proof.json',
    `${JSON.stringify({ leaf, leafIndex, treeSize: checkpoint.treeSize, root: checkpoint.root, path: proof.map((h) => h.toString('hex')) }, null, 2)}\n`,
  );
  add('verifier-key.txt', `${vkey}\n`);
  add('verify-pack.mjs', VERIFY_PACK_MJS);
  add('VERIFY.md', verifyInstructions({ origin: signer.origin, verifierKey: vkey, checkpointNumber: checkpoint.number }));
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { fileName: `evidence-${customer.tenantId}-${at.toISOString().slice(0, 10)}.zip`, data: Buffer.concat(chunks) };
}

/** An event as the pack shows it: exactly the fields its hash covers, plus the hash. */
export type ExportedEvent = ReturnType<typeof exported>;
function exported(e: AuditEventRecord) {
  return { ...hashedFieldsOf(e), hash: e.hash };
}

export interface PackFile {
  path: string;
  sha256: string;
  /** The chain event that recorded this hash. */
  seq: number;
  data: Buffer;
  what: string;
}

async function evidenceFilesOf(
  ctx: Context,
  partnerId: Types.ObjectId,
  customerId: string,
  records: ConsentRecord[],
  events: ExportedEvent[],
): Promise<{ files: PackFile[]; erased: { what: string; sha256: string }[] }> {
  const files: PackFile[] = [];
  // An erased customer's documents are gone for good: the pack names them by their hash, which the chain still holds.
  const erased: { what: string; sha256: string }[] = [];
  for (const record of records) {
    for (const info of documentsOf(record.evidence)) {
      let doc;
      try {
        doc = await loadConsentDocument(ctx, partnerId, customerId, record._id.toString(), info.name);
      } catch (err) {
        if ((err as { code?: string }).code !== 'PERSONAL_DATA_ERASED') throw err;
        erased.push({ what: `${record.layer}-${info.name}`, sha256: info.sha256 });
        continue;
      }
      const recordedBy = events.find((e) => JSON.stringify(e.data).includes(doc.sha256));
      if (!recordedBy) continue; // kept before the audit chain existed: the certificate lists it, the chain cannot vouch for it
      const safeName = doc.fileName.replace(/[^\w.-]+/g, '_');
      files.push({ path: `evidence/${record.layer}-${info.name}-${safeName}`, sha256: doc.sha256, seq: recordedBy.seq, data: doc.data, what: info.name });
    }
  }
  return { files, erased };
}
