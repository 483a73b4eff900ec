import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { mongo, Types, type Connection } from 'mongoose';
import { asBuffer } from '../db/as-buffer';
import { isDuplicateKey } from '../db/duplicate-key';
import type { EvidenceFileRef } from '../db/models/consent-record';
import type { EvidenceFile } from '../db/models/evidence-file';
import type { Models } from '../db/bind-models';
import { sha256Hex, AppError, notFound } from '@mca/platform';
import { appendAuditEvent } from '../audit/append-audit-event';
import { evidenceDiscarded, evidenceStored } from '../audit/facts';
import type { Vault } from '../vault/vault';

/** Where evidence is read and written: the database, and the vault that seals the bytes under their customer's key. */
type Store = { models: Models; vault: Vault };
const BLOB = 'evidence';

/**
 * Evidence bytes live in GridFS (bucket `evidence`), so a file of any size fits: a combined
 * signed DocuSign PDF can pass MongoDB's 16 MB document limit. The `evidence_files` row is the
 * small record that consent records point at (owner, hash, size, where the bytes are).
 *
 * The bytes are sealed under the customer's data key before they are uploaded (erasing the
 * customer makes them unreadable); `sha256` and `size` are the plain document's, as the audit
 * chain records them.
 *
 * The row is written last, so a crash mid-upload leaves only unreferenced chunks, never a row
 * pointing at a partial file; and the row's unique `_id` settles a race between two workers
 * storing the same keyed document: the loser removes its upload and takes the winner's row.
 */
export interface NewEvidence {
  partnerId: Types.ObjectId;
  customerId: Types.ObjectId;
  /** For evidence stored once per key (e.g. `docusign:<envelopeId>:combined`): the row's id follows from it. */
  key?: string;
  fileName: string;
  contentType: string;
  data: Buffer;
}

const buckets = new WeakMap<Connection, mongo.GridFSBucket>();

function bucketOf(models: Models): mongo.GridFSBucket {
  const conn = models.evidenceFiles.db;
  let bucket = buckets.get(conn);
  if (!bucket) {
    if (!conn.db) throw new Error('evidence store used before the database connection is open');
    bucket = new mongo.GridFSBucket(conn.db, { bucketName: 'evidence' });
    buckets.set(conn, bucket);
  }
  return bucket;
}

export async function storeEvidence({ models, vault }: Store, file: NewEvidence): Promise<EvidenceFileRef> {
  const bucket = bucketOf(models);
  const sha256 = sha256Hex(file.data);
  const blobId = new Types.ObjectId();
  const sealed = await vault.sealBytes({ customerId: file.customerId, partnerId: file.partnerId }, BLOB, file.data);
  // The GridFS file name is the blob id: the document's own name may name a person.
  const upload = bucket.openUploadStreamWithId(blobId, blobId.toString(), {
    metadata: { partnerId: file.partnerId, customerId: file.customerId, sha256, contentType: file.contentType },
  });
  await finished(Readable.from([sealed]).pipe(upload));

  const _id = file.key ? evidenceIdFor(file.key) : new Types.ObjectId();
  try {
    await models.evidenceFiles.create({
      _id,
      partnerId: file.partnerId,
      customerId: file.customerId,
      key: file.key,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.data.length,
      sha256,
      blobId,
    });
    await appendAuditEvent({ models }, evidenceStored({ _id, ...file, size: file.data.length, sha256 }));
    return { evidenceFileId: _id, sha256, size: file.data.length };
  } catch (err) {
    await bucket.delete(blobId);
    if (!isDuplicateKey(err)) throw err;
    const first = await models.evidenceFiles.findById(_id, { data: 0 }).lean();
    if (!first) throw err;
    await appendAuditEvent({ models }, evidenceStored(first)); // the winner may have crashed before its own
    return { evidenceFileId: first._id, sha256: first.sha256, size: first.size };
  }
}

/** The id of the evidence row stored under `key`: racing or retried stores of one key meet on it. */
export const evidenceIdFor = (key: string) => new Types.ObjectId(createHash('sha256').update(key).digest('hex').slice(0, 24));

/** Removes a stored file that turned out not to be needed (the consent was already recorded). */
export async function discardEvidence(models: Models, id: Types.ObjectId): Promise<void> {
  const row = await models.evidenceFiles.findOneAndDelete({ _id: id }).lean();
  if (!row) return;
  await appendAuditEvent({ models }, evidenceDiscarded(row));
  if (row.blobId) await bucketOf(models).delete(row.blobId);
}

/**
 * The bytes of one evidence file of this partner, checked against the hash recorded when it was
 * stored: altered evidence is an error, never returned as if it were the original.
 */
export async function readEvidence(store: Store, partnerId: Types.ObjectId, id: Types.ObjectId): Promise<{ file: EvidenceFile; data: Buffer }> {
  const file = await store.models.evidenceFiles.findOne({ _id: id, partnerId }).lean();
  if (!file) throw notFound('evidence file');
  let data: Buffer;
  try {
    data = await evidenceBytes(store, file);
  } catch (err) {
    if ((err as { code?: string }).code === 'PERSONAL_DATA_ERASED') throw err;
    // A sealed blob that does not open (a changed byte fails its authentication tag) is altered evidence.
    throw evidenceAltered(`evidence file ${id.toString()}`);
  }
  if (sha256Hex(data) !== file.sha256) throw evidenceAltered(`evidence file ${id.toString()}`);
  return { file, data };
}

/**
 * The plain bytes of an evidence row, unchecked (the verifier compares them itself);
 * PERSONAL_DATA_ERASED (410) once its customer was erased.
 */
export async function evidenceBytes({ models, vault }: Store, file: Pick<EvidenceFile, 'blobId' | 'data' | 'customerId'>): Promise<Buffer> {
  // Rows written before evidence moved to GridFS carry their bytes inline; blobs from before sealing open as they are.
  const stored = file.blobId ? await download(bucketOf(models), file.blobId) : file.data ? asBuffer(file.data) : Buffer.alloc(0);
  return vault.openBytes({ customerId: file.customerId }, BLOB, stored);
}

async function download(bucket: mongo.GridFSBucket, blobId: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(blobId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const evidenceAltered = (what: string) =>
  new AppError('EVIDENCE_ALTERED', `${what} does not match the SHA-256 recorded when it was kept; it is not served`);
