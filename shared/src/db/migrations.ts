import type { Models } from './connect';

/**
 * Brings a database written by an earlier version up to the current schema; every step is
 * idempotent and runs at connect. Native collection calls on purpose: consent records refuse
 * updates through mongoose, and this one fills in a field, it changes no evidence.
 */
export async function migrate(models: Models): Promise<void> {
  await layerConsentRecords(models);
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
