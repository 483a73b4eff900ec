import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { connectDb, createVault, discardEvidence, evidenceIdFor, readEvidence, storeEvidence, type Db, type Vault } from '@mca/core';
import { testMongoUrl } from '../harness/service';

let db: Db;
let store: { models: Db['models']; vault: Vault };
const partnerId = new Types.ObjectId();
const customerId = new Types.ObjectId();

beforeAll(async () => {
  db = await connectDb(testMongoUrl(`mca_evidence_${randomBytes(4).toString('hex')}`));
  store = { models: db.models, vault: createVault(db.models, [{ id: 'test', key: randomBytes(32) }]) };
});
afterAll(async () => {
  await db?.conn.dropDatabase();
  await db?.conn.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const evidence = (data: Buffer, over: { key?: string } = {}) =>
  storeEvidence(store, { partnerId, customerId, fileName: 'signed.pdf', contentType: 'application/pdf', data, ...over });

describe('evidence store (GridFS)', () => {
  test('keeps a file larger than a MongoDB document (17 MB) intact, hashed', async () => {
    const data = randomBytes(17 * 1024 * 1024);
    const ref = await evidence(data);
    expect(ref).toMatchObject({ sha256: sha(data), size: data.length });
    const row = await db.models.evidenceFiles.findById(ref.evidenceFileId).lean();
    expect(row?.data).toBeUndefined();
    expect(row?.blobId).toBeDefined();
    const back = await readEvidence(store, partnerId, ref.evidenceFileId);
    expect(back.data.equals(data)).toBe(true);
  });

  test('another partner cannot read it', async () => {
    const ref = await evidence(Buffer.from('%PDF-1.7 mine'));
    await expect(readEvidence(store, new Types.ObjectId(), ref.evidenceFileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('altered bytes are refused, not returned', async () => {
    const ref = await evidence(Buffer.from('%PDF-1.7 original content'));
    const row = await db.models.evidenceFiles.findById(ref.evidenceFileId).lean();
    await db.conn.collection('evidence.chunks').updateOne({ files_id: row?.blobId, n: 0 }, { $set: { data: Buffer.from('%PDF-1.7 0riginal content') } });
    await expect(readEvidence(store, partnerId, ref.evidenceFileId)).rejects.toMatchObject({ code: 'EVIDENCE_ALTERED' });
  });

  test('the bytes at rest are sealed under the customer key; a changed sealed byte is refused as altered', async () => {
    const data = Buffer.from('%PDF-1.7 Ola Nordmann signed this');
    const ref = await evidence(data);
    const row = await db.models.evidenceFiles.findById(ref.evidenceFileId).lean();
    const chunk = await db.conn.collection('evidence.chunks').findOne({ files_id: row?.blobId, n: 0 });
    const stored = Buffer.from((chunk!.data as { buffer: Uint8Array }).buffer);
    expect(stored.toString('latin1')).not.toContain('Nordmann');
    stored[stored.length - 1] = stored[stored.length - 1]! ^ 1;
    await db.conn.collection('evidence.chunks').updateOne({ _id: chunk!._id }, { $set: { data: stored } });
    await expect(readEvidence(store, partnerId, ref.evidenceFileId)).rejects.toMatchObject({ code: 'EVIDENCE_ALTERED' });
  });

  test('racing stores of one keyed document keep one row and one upload', async () => {
    const id = evidenceIdFor('docusign:e1:combined');
    const data = randomBytes(600 * 1024); // three chunks
    const refs = await Promise.all([1, 2, 3, 4].map(() => evidence(data, { key: 'docusign:e1:combined' })));
    expect(new Set(refs.map((r) => r.evidenceFileId.toString()))).toEqual(new Set([id.toString()]));
    expect(await db.models.evidenceFiles.countDocuments({ key: 'docusign:e1:combined' })).toBe(1);
    const row = await db.models.evidenceFiles.findById(id).lean();
    expect(await db.conn.collection('evidence.files').countDocuments({ 'metadata.customerId': customerId, 'metadata.sha256': sha(data) })).toBe(1);
    expect(await db.conn.collection('evidence.chunks').countDocuments({ files_id: row?.blobId })).toBe(3);
  });

  test('a discarded file leaves neither row nor bytes', async () => {
    const ref = await evidence(Buffer.from('%PDF-1.7 not needed'));
    const row = await db.models.evidenceFiles.findById(ref.evidenceFileId).lean();
    await discardEvidence(db.models, ref.evidenceFileId);
    expect(await db.models.evidenceFiles.countDocuments({ _id: ref.evidenceFileId })).toBe(0);
    expect(await db.conn.collection('evidence.chunks').countDocuments({ files_id: row?.blobId })).toBe(0);
  });

  test('rows written before GridFS (bytes inline) still read back', async () => {
    const data = Buffer.from('%PDF-1.4 legacy');
    const _id = new Types.ObjectId();
    await db.models.evidenceFiles.collection.insertOne({
      _id,
      partnerId,
      customerId,
      fileName: 'old.pdf',
      contentType: 'application/pdf',
      size: data.length,
      sha256: sha(data),
      data,
    });
    expect((await readEvidence(store, partnerId, _id)).data.equals(data)).toBe(true);
  });
});
