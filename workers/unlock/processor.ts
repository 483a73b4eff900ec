import type { Types } from 'mongoose';
import { failpoint, notifyPartner, type Context, type Payload } from '@mca/shared';

/**
 * Unlocks an accepted customer's tenant and tells the partner. Every step is idempotent and
 * the outbox marker (`unlockPendingSince`) is cleared last, so a crash anywhere here is
 * finished by the retry or the sweeper, with one unlock and one notification in effect.
 */
export async function unlockTenant(ctx: Context, payload: Payload<'unlock'>): Promise<void> {
  const { models } = ctx;
  const customer = await models.customers.findById(payload.customerId).lean();
  if (!customer || customer.mca.status !== 'accepted') return;
  if (ctx.config.UNLOCK_POLICY === 'consent+microsoft') {
    // Written consent alone does not unlock under this policy; Microsoft-side acceptance
    // (Partner Center) must be confirmed too, and that step is not built yet: stay locked, say why.
    await ctx.models.customers.updateOne(
      { _id: customer._id },
      { $set: { 'mca.detail': 'written consent recorded; waiting for Microsoft-side acceptance (UNLOCK_POLICY=consent+microsoft)' }, $unset: { unlockPendingSince: 1 } },
    );
    return;
  }

  const unlockedAt = customer.ordering.unlockedAt ?? ctx.now();
  await models.customers.updateOne(
    { _id: customer._id, 'ordering.status': 'locked' },
    { $set: { 'ordering.status': 'unlocked', 'ordering.unlockedAt': unlockedAt } },
  );
  failpoint('after-unlock');

  await notifyPartner(ctx, {
    customer,
    event: 'customer.unlocked',
    subjectKey: customer._id.toString(),
    data: {
      customerId: customer._id.toString(),
      tenantId: customer.tenantId,
      customerName: customer.name,
      acceptedAt: customer.mca.acceptedAt?.toISOString(),
      method: customer.mca.method,
      unlockedAt: unlockedAt.toISOString(),
    },
  });
  failpoint('after-partner-notified');
  await clearUnlockMarker(ctx, customer._id);
}

async function clearUnlockMarker(ctx: Context, customerId: Types.ObjectId) {
  await ctx.models.customers.updateOne({ _id: customerId }, { $unset: { unlockPendingSince: 1 } });
}
