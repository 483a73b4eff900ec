import type { Types } from 'mongoose';
import { appendAuditEvent, customerErased, customerKeyId, LIVE_STATUSES, type Context } from '@mca/core';
import { notFound } from '@mca/platform';
import { cancelRequest } from './consent-requests';

/**
 * GDPR Art. 17 by destroying the customer's data key: every name, address, reply, scan and
 * signed document sealed under it is unreadable from then on, in the database and in every
 * backup. What stays is what holds no personal data: the customer (tenant, status, ordering),
 * the audit chain (ids and hashes: still verifiable), the evidence rows with their hashes.
 *
 * Order matters: live requests are ended first (nothing may be sent to a person who is gone),
 * the `customer.erased` event is appended before the key goes (the chain records the erasure
 * even should the process die right after), then the key, then the marker on the customer.
 * Every step is idempotent: a repeat, or a retry after a crash, appends nothing twice.
 */
export async function eraseCustomerPersonalData(ctx: Context, partnerId: Types.ObjectId, customerId: string, by: string): Promise<{ erasedAt: Date }> {
  const customer = await ctx.models.customers.findOne({ _id: customerId, partnerId }, { partnerId: 1, personalDataErasedAt: 1 }).lean();
  if (!customer) throw notFound('customer');
  if (customer.personalDataErasedAt) return { erasedAt: customer.personalDataErasedAt };
  const live = await ctx.models.consentRequests.find({ customerId: customer._id, partnerId, status: { $in: LIVE_STATUSES } }, { _id: 1 }).lean();
  for (const r of live) await cancelRequest(ctx, r._id, "cancelled: the customer's personal data was erased");

  await appendAuditEvent(ctx, customerErased(customer, by));
  const erasedAt = ctx.now();
  await ctx.vault.keys.erase(customerKeyId(customer._id), erasedAt);
  await ctx.models.customers.updateOne(
    { _id: customer._id, personalDataErasedAt: { $exists: false } },
    { $set: { personalDataErasedAt: erasedAt }, $unset: { representative: 1, 'mca.representative': 1 } },
  );
  // Their ciphertext no longer opens; dropped anyway where nothing else needs the field.
  await ctx.models.consentRequests.updateMany({ customerId: customer._id }, { $unset: { sentText: 1 } });
  return { erasedAt };
}
