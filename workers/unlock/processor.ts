import type { Types } from 'mongoose';
import { appendAuditEvent, customerUnlocked, notifyPartner, openCustomer, partnerFacingData, unlockStepFor, type Context, type Payload } from '@mca/core';
import { failpoint } from '@mca/platform';
import { startMicrosoftStep } from '../microsoft/start-microsoft-step';

/**
 * Unlocks an accepted customer's tenant and tells the partner (or, under
 * UNLOCK_POLICY=consent+microsoft with only written consent, starts Microsoft's step). Every step is idempotent and
 * the outbox marker (`unlockPendingSince`) is cleared last, so a crash anywhere here is
 * finished by the retry or the sweeper, with one unlock and one notification in effect.
 */
export async function unlockTenant(ctx: Context, payload: Payload<'unlock'>): Promise<void> {
  const { models } = ctx;
  const customer = await models.customers.findById(payload.customerId).lean();
  if (!customer) return;
  const step = unlockStepFor(ctx.config.UNLOCK_POLICY, { status: customer.mca.status, hasWrittenConsent: Boolean(customer.mca.written) });
  if (step !== 'unlock') {
    if (step === 'start-microsoft-step') await startMicrosoftStep(ctx, await openCustomer(ctx.vault, customer));
    await clearUnlockMarker(ctx, customer);
    return;
  }

  const unlockedAt = customer.ordering.unlockedAt ?? ctx.now();
  await models.customers.updateOne(
    { _id: customer._id, 'ordering.status': 'locked' },
    { $set: { 'ordering.status': 'unlocked', 'ordering.unlockedAt': unlockedAt } },
  );
  // Every time, not only when this run changed it: a run that crashed after the write must still
  // tell the API instances. Throws when Redis refuses: the job (or the sweeper, the marker is
  // still set) runs again, so no instance keeps answering "locked" from memory.
  await ctx.orderingFeed.publish({
    customerId: customer._id.toString(),
    partnerId: customer.partnerId.toString(),
    tenantId: customer.tenantId,
    unlocked: true,
    writtenOnly: Boolean(customer.mca.written),
  });
  // After the feed, so the order gates never wait on the audit store to learn of an unlock.
  await appendAuditEvent(ctx, customerUnlocked(customer, unlockedAt));
  failpoint('after-unlock');

  await notifyPartner(ctx, {
    customer,
    event: 'customer.unlocked',
    subjectKey: customer._id.toString(),
    data: partnerFacingData(customer, {
      acceptedAt: customer.mca.acceptedAt?.toISOString(),
      method: customer.mca.method,
      unlockedAt: unlockedAt.toISOString(),
    }),
  });
  failpoint('after-partner-notified');
  await clearUnlockMarker(ctx, customer);
}

/** Only the marker this run saw: one set meanwhile (a second consent layer) stays for its own run. */
async function clearUnlockMarker(ctx: Context, customer: { _id: Types.ObjectId; unlockPendingSince?: Date }) {
  if (!customer.unlockPendingSince) return;
  await ctx.models.customers.updateOne({ _id: customer._id, unlockPendingSince: customer.unlockPendingSince }, { $unset: { unlockPendingSince: 1 } });
}
