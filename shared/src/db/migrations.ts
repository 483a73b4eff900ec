import type { Types } from 'mongoose';
import { isDuplicateKey, type Models } from './connect';
import { FIRST_API_KEY_NAME } from './models/api-key';

/**
 * Brings a database written by an earlier version up to the current schema; every step is
 * idempotent and runs at connect. Native collection calls on purpose: consent records refuse
 * updates through mongoose, and this one fills in a field, it changes no evidence.
 */
export async function migrate(models: Models): Promise<void> {
  await layerConsentRecords(models);
  await moveApiKeysToTheirCollection(models);
}

/**
 * Consent records were unique per customer before Microsoft-side acceptance became a layer of
 * its own: the old index would refuse a customer's second layer, and old records predate `layer`.
 */
async function layerConsentRecords(models: Models): Promise<void> {
  const collection = models.consentRecords.collection;
  const indexes = await collection.indexes().catch(() => []);
  if (indexes.some((i) => i.name === 'customerId_1')) await collection.dropIndex('customerId_1');
  await collection.updateMany({ layer: { $exists: false }, method: 'microsoft' }, { $set: { layer: 'microsoft' } });
  await collection.updateMany({ layer: { $exists: false } }, { $set: { layer: 'written' } });
}

/**
 * A partner carried one API key hash before it could have several keys. Each becomes the
 * partner's first key (id = the partner's id, so instances migrating at once insert it once) and
 * leaves the partner document: a revoked key must not live on in a second place.
 */
async function moveApiKeysToTheirCollection(models: Models): Promise<void> {
  const partners = models.partners.collection;
  const indexes = await partners.indexes().catch(() => []);
  // Unique over a field new partners no longer have: it would refuse the second of them.
  if (indexes.some((i) => i.name === 'apiKeyHash_1')) await partners.dropIndex('apiKeyHash_1');
  const legacy = partners.find<{ _id: Types.ObjectId; apiKeyHash: string; createdAt?: Date }>(
    { apiKeyHash: { $exists: true } },
    { projection: { apiKeyHash: 1, createdAt: 1 } },
  );
  for await (const p of legacy) {
    const key = { _id: p._id, partnerId: p._id, name: FIRST_API_KEY_NAME, scope: 'full', keyHash: p.apiKeyHash, createdAt: p.createdAt ?? p._id.getTimestamp() };
    await models.apiKeys.collection.insertOne(key).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    await partners.updateOne({ _id: p._id }, { $unset: { apiKeyHash: '' } });
  }
}
