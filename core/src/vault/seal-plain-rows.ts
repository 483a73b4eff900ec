import type { Models } from '../db/bind-models';
import { sealRepresentative } from './representative';
import { isSealed, isSealedText, type Vault } from './vault';

/**
 * Seals the people of customers and requests written before the vault (plain `representative`,
 * `mca.representative`, `sentText`), once: run by the rotation command. Each update matches the
 * plain value it replaces, so a concurrent write is never overwritten. Consent records are
 * immutable and stay as they were kept (they read as they are); so do blobs from before.
 */
export async function sealPlainRows(ctx: { models: Models; vault: Vault }): Promise<{ customers: number; requests: number }> {
  const { models, vault } = ctx;
  let customers = 0;
  let requests = 0;
  const plainCustomers = models.customers
    .find({
      $or: [{ 'representative.firstName': { $exists: true } }, { 'mca.representative.firstName': { $exists: true } }],
      personalDataErasedAt: { $exists: false },
    })
    .lean()
    .cursor();
  for await (const c of plainCustomers) {
    const owner = { customerId: c._id, partnerId: c.partnerId };
    const set: Record<string, unknown> = {};
    if (c.representative && !isSealed(c.representative)) set.representative = await sealRepresentative(vault, owner, c.representative);
    if (c.mca.representative && !isSealed(c.mca.representative)) set['mca.representative'] = await sealRepresentative(vault, owner, c.mca.representative);
    const res = await models.customers.updateOne({ _id: c._id }, { $set: set });
    customers += res.modifiedCount;
  }
  const plainRequests = models.consentRequests
    // Plain person, plain sent text: both were written by the code before the vault, together.
    .find({ 'representative.firstName': { $exists: true } })
    .lean()
    .cursor();
  for await (const r of plainRequests) {
    if (await vault.isErased(r.customerId)) continue;
    const owner = { customerId: r.customerId, partnerId: r.partnerId };
    const set: Record<string, unknown> = {};
    if (!isSealed(r.representative)) set.representative = await sealRepresentative(vault, owner, r.representative);
    if (r.sentText !== undefined && !isSealedText(r.sentText)) set.sentText = await vault.sealText(owner, 'sentText', r.sentText);
    if (Object.keys(set).length === 0) continue;
    const res = await models.consentRequests.updateOne({ _id: r._id, 'representative.firstName': { $exists: true } }, { $set: set });
    requests += res.modifiedCount;
  }
  return { customers, requests };
}
