import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectDb } from '@mca/core';
import { testMongoUrl } from '../harness/service';

/** A database written before consent layers existed opens, and takes a customer's second layer. */
describe('migrations at connect', () => {
  test('consent records: the per-customer unique index is replaced by per-customer-and-layer, old records get their layer', async () => {
    const url = testMongoUrl(`mca_migrate_${randomBytes(4).toString('hex')}`);
    const old = await mongoose.createConnection(url).asPromise();
    const records = old.collection('consent_records');
    await records.createIndex({ customerId: 1 }, { unique: true, name: 'customerId_1' });
    const customerId = new mongoose.Types.ObjectId();
    await records.insertOne({ customerId, method: 'email', tenantId: 't', dateAgreed: new Date(), evidence: { kind: 'email' } });

    const db = await connectDb(url);
    try {
      const names = (await db.models.consentRecords.collection.indexes()).map((i) => i.name);
      expect(names).not.toContain('customerId_1');
      expect(names).toContain('customerId_1_layer_1');
      expect(await db.models.consentRecords.findOne({ customerId }).lean()).toMatchObject({ layer: 'written' });
      await db.models.consentRecords.collection.insertOne({ customerId, method: 'microsoft', layer: 'microsoft' });
      await expect(db.models.consentRecords.collection.insertOne({ customerId, method: 'docusign', layer: 'written' })).rejects.toMatchObject({ code: 11000 });
      // Running it again (the next start) changes nothing.
      await (await connectDb(url)).conn.close();
    } finally {
      await db.conn.dropDatabase();
      await db.conn.close();
      await old.close();
    }
  });

  test("DocuSign consents recorded as triggered by a reply say signature; an email reply's stays", async () => {
    const url = testMongoUrl(`mca_migrate_${randomBytes(4).toString('hex')}`);
    const old = await mongoose.createConnection(url).asPromise();
    const records = old.collection('consent_records');
    const partnerId = new mongoose.Types.ObjectId();
    const base = { partnerId, tenantId: 't', layer: 'written', dateAgreed: new Date() };
    const signed = new mongoose.Types.ObjectId();
    const replied = new mongoose.Types.ObjectId();
    await records.insertMany([
      { ...base, customerId: signed, method: 'docusign', evidence: { kind: 'docusign' }, triggeredBy: { partnerId, via: 'reply' } },
      { ...base, customerId: replied, method: 'email', evidence: { kind: 'email' }, triggeredBy: { partnerId, via: 'reply' } },
    ]);

    const db = await connectDb(url);
    try {
      expect((await db.models.consentRecords.findOne({ customerId: signed }).lean())?.triggeredBy.via).toBe('signature');
      expect((await db.models.consentRecords.findOne({ customerId: replied }).lean())?.triggeredBy.via).toBe('reply');
    } finally {
      await db.conn.dropDatabase();
      await db.conn.close();
      await old.close();
    }
  });

  test('notifications from before the events feed get their event, under the webhook id already sent', async () => {
    const url = testMongoUrl(`mca_migrate_${randomBytes(4).toString('hex')}`);
    const old = await mongoose.createConnection(url).asPromise();
    const partnerId = new mongoose.Types.ObjectId();
    const customerId = new mongoose.Types.ObjectId();
    const webhookRowId = new mongoose.Types.ObjectId();
    const base = {
      partnerId,
      customerId,
      event: 'customer.unlocked',
      payload: { customerId: customerId.toString() },
      status: 'delivered',
      attempts: [],
      createdAt: new Date(),
    };
    await old.collection('notifications').insertMany([
      { ...base, key: `customer.unlocked:${customerId}:email`, channel: 'email' },
      { ...base, _id: webhookRowId, key: `customer.unlocked:${customerId}:webhook`, channel: 'webhook' },
      { ...base, key: `consent.declined:r1:email`, event: 'consent.declined', channel: 'email' },
    ]);

    const db = await connectDb(url);
    try {
      await (await connectDb(url)).conn.close(); // the next start changes nothing
      const events = await db.models.partnerEvents.find({ partnerId }).sort({ _id: 1 }).lean();
      expect(events.map((e) => e.key).sort()).toEqual(['consent.declined:r1', `customer.unlocked:${customerId}`]);
      const unlocked = events.find((e) => e.type === 'customer.unlocked')!;
      expect(unlocked._id.toString()).toBe(webhookRowId.toString());
      const rows = await db.models.notifications.find({ partnerId }).lean();
      expect(rows.every((n) => n.eventId)).toBe(true);
      expect(rows.filter((n) => n.eventId!.toString() === webhookRowId.toString())).toHaveLength(2);
    } finally {
      await db.conn.dropDatabase();
      await db.conn.close();
      await old.close();
    }
  });

  test("partners' API key hashes move to the api_keys collection as each partner's first full key", async () => {
    const url = testMongoUrl(`mca_migrate_${randomBytes(4).toString('hex')}`);
    const old = await mongoose.createConnection(url).asPromise();
    const partners = old.collection('partners');
    await partners.createIndex({ apiKeyHash: 1 }, { unique: true, name: 'apiKeyHash_1' });
    const a = new mongoose.Types.ObjectId();
    const b = new mongoose.Types.ObjectId();
    await partners.insertMany([
      { _id: a, name: 'A', apiKeyHash: 'a'.repeat(64), createdAt: new Date('2025-01-01') },
      { _id: b, name: 'B', apiKeyHash: 'b'.repeat(64), createdAt: new Date('2025-02-01') },
    ]);

    const db = await connectDb(url);
    try {
      const keys = await db.models.apiKeys.find().sort({ createdAt: 1 }).lean();
      expect(keys).toEqual([
        expect.objectContaining({ _id: a, partnerId: a, scope: 'full', name: 'primary', keyHash: 'a'.repeat(64), createdAt: new Date('2025-01-01') }),
        expect.objectContaining({ _id: b, partnerId: b, scope: 'full', name: 'primary', keyHash: 'b'.repeat(64), createdAt: new Date('2025-02-01') }),
      ]);
      expect(await partners.countDocuments({ apiKeyHash: { $exists: true } })).toBe(0);
      expect((await partners.indexes()).map((i) => i.name)).not.toContain('apiKeyHash_1');
      // New partners carry no key hash: two of them must fit.
      await db.models.partners.create({ name: 'C' });
      await db.models.partners.create({ name: 'D' });
      // Running it again (the next start) changes nothing.
      await (await connectDb(url)).conn.close();
      expect(await db.models.apiKeys.countDocuments()).toBe(2);
    } finally {
      await db.conn.dropDatabase();
      await db.conn.close();
      await old.close();
    }
  });
  test('several processes starting at once on an old database all start, and migrate it once', async () => {
    const url = testMongoUrl(`mca_migrate_${randomBytes(4).toString('hex')}`);
    const old = await mongoose.createConnection(url).asPromise();
    await old.collection('consent_records').createIndex({ customerId: 1 }, { unique: true, name: 'customerId_1' });
    await old
      .collection('consent_records')
      .insertOne({ customerId: new mongoose.Types.ObjectId(), method: 'email', tenantId: 't', dateAgreed: new Date(), evidence: { kind: 'email' } });
    await old.collection('partners').createIndex({ apiKeyHash: 1 }, { unique: true, name: 'apiKeyHash_1' });
    const partnerIds = [1, 2, 3].map(() => new mongoose.Types.ObjectId());
    await old.collection('partners').insertMany(partnerIds.map((_id, i) => ({ _id, name: `P${i}`, apiKeyHash: String(i).repeat(64) })));

    // Two API and two worker replicas of the new version, rolled out together.
    const started = await Promise.allSettled([1, 2, 3, 4].map(() => connectDb(url)));
    try {
      expect(started.filter((s) => s.status === 'rejected')).toEqual([]);
      expect((await old.collection('consent_records').indexes()).map((i) => i.name)).not.toContain('customerId_1');
      expect((await old.collection('partners').indexes()).map((i) => i.name)).not.toContain('apiKeyHash_1');
      expect(await old.collection('api_keys').countDocuments()).toBe(3);
      expect(await old.collection('consent_records').countDocuments({ layer: 'written' })).toBe(1);
    } finally {
      await old.dropDatabase();
      for (const s of started) if (s.status === 'fulfilled') await s.value.conn.close();
      await old.close();
    }
  });
});
