import type { Types } from 'mongoose';
import type { Context } from '../context';
import { isDuplicateKey, type AgreementRef, type ConsentEvidence, type ConsentRecord, type ConsentTrigger, type Representative } from '../db';
import { awaitingMicrosoftDetail, effectOfConsent, layerOf, type ConsentMethod } from '../domain';
import { failpoint } from '@mca/platform';
import { shownRepresentative } from './shown-representative';
import { transitionCustomerMca } from './transition-customer-mca';
import { appendAuditEvent, consentRecorded } from '../audit';
import { openRecord, sealEvidence, sealRepresentative } from '../vault';

export interface RecordConsentInput {
  partnerId: Types.ObjectId;
  customerId: Types.ObjectId;
  tenantId: string;
  requestId?: Types.ObjectId;
  method: ConsentMethod;
  /** Required for written consent; a Microsoft-side acceptance may come without one (see ConsentRecord). */
  representative?: Representative;
  dateAgreed: Date;
  agreement?: AgreementRef;
  evidence: ConsentEvidence;
  via: ConsentTrigger;
}

/**
 * Records the customer's consent and hands the tenant to the unlock queue. Each step is
 * idempotent, so a retry after a crash anywhere in here completes the work and never
 * duplicates it:
 *   1. insert the consent record (unique per customer: a second one is a duplicate key);
 *   2. mark the customer accepted with an unlock-pending marker, in one update (the outbox);
 *   3. enqueue the unlock (deterministic job id); the sweeper re-enqueues a marker left behind.
 * Returns the record that holds, and whether this call created it.
 */
export async function recordConsent(
  ctx: Pick<Context, 'models' | 'queues' | 'now' | 'config' | 'orderingFeed' | 'vault'>,
  input: RecordConsentInput,
): Promise<{ record: ConsentRecord; created: boolean }> {
  const { models, vault } = ctx;
  const owner = { customerId: input.customerId, partnerId: input.partnerId };
  const layer = layerOf(input.method);
  if (layer === 'written' && !input.representative) throw new Error(`a ${input.method} consent needs the representative who gave it`);
  let record: ConsentRecord;
  let created = true;
  try {
    const doc = await models.consentRecords.create({
      partnerId: input.partnerId,
      customerId: input.customerId,
      tenantId: input.tenantId,
      requestId: input.requestId,
      method: input.method,
      layer,
      ...(input.representative ? { representative: await sealRepresentative(vault, owner, input.representative) } : {}),
      dateAgreed: input.dateAgreed,
      agreement: input.agreement,
      evidence: await sealEvidence(vault, owner, input.evidence),
      triggeredBy: { partnerId: input.partnerId, via: input.via },
    });
    record = { ...doc.toObject(), representative: input.representative, evidence: input.evidence };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    created = false;
    const existing = await models.consentRecords.findOne({ customerId: input.customerId, layer }).lean();
    if (!existing) throw err;
    record = await openRecord(vault, existing);
  }
  failpoint('after-consent-record');
  await appendAuditEvent(ctx, consentRecorded(record));

  const now = ctx.now();
  if (record.evidence.kind === 'microsoft') {
    const { via, checkedAt } = record.evidence;
    await models.customers.updateOne(
      { _id: input.customerId },
      { $set: { 'mca.microsoft': { status: 'accepted', via, acceptedAt: record.dateAgreed, checkedAt } } },
    );
  }
  if (effectOfConsent(ctx.config.UNLOCK_POLICY, layer) === 'await-microsoft') {
    // Written consent is the reseller's evidence, not Microsoft's: the unlock worker starts
    // the Microsoft step, and the customer stays pending until Microsoft confirms.
    const written = await transitionCustomerMca(ctx, {
      customerId: input.customerId,
      to: 'pending',
      set: {
        'mca.written': { method: record.method, acceptedAt: record.dateAgreed, consentId: record._id },
        'mca.detail': awaitingMicrosoftDetail(record.method),
        unlockPendingSince: now,
      },
    });
    // The order gates' refusal now says Microsoft's side is pending. Before the unlock is
    // enqueued: should Redis refuse, this whole (idempotent) step is retried.
    if (written.matched) {
      await ctx.orderingFeed.publish({
        customerId: input.customerId.toString(),
        partnerId: input.partnerId.toString(),
        tenantId: input.tenantId,
        unlocked: false,
        writtenOnly: true,
      });
    }
    failpoint('after-customer-accepted');
    await enqueueUnlockIfPending(ctx, input.customerId);
    return { record, created };
  }
  const shown = shownRepresentative(record);
  const accepted = await transitionCustomerMca(ctx, {
    customerId: input.customerId,
    to: 'accepted',
    set: {
      'mca.acceptedAt': record.dateAgreed,
      'mca.method': record.method,
      ...(shown ? { 'mca.representative': await sealRepresentative(vault, owner, shown) } : {}),
      'mca.consentId': record._id,
      ...(record.requestId ? { 'mca.requestId': record.requestId } : {}),
      unlockPendingSince: now,
    },
    unset: ['mca.detail'],
  });
  failpoint('after-customer-accepted');
  // This update set the marker: no need to read it back. Otherwise (a retry, a second layer) look.
  if (accepted.modified) await ctx.queues.ensure('unlock', { customerId: input.customerId.toString() });
  else await enqueueUnlockIfPending(ctx, input.customerId);
  return { record, created };
}

export async function enqueueUnlockIfPending(ctx: Pick<Context, 'models' | 'queues'>, customerId: Types.ObjectId): Promise<void> {
  const pending = await ctx.models.customers.exists({ _id: customerId, unlockPendingSince: { $exists: true } });
  // ensure, not add: an unlock job that completed for an earlier marker (the written layer under
  // consent+microsoft) must run again for this one.
  if (pending) await ctx.queues.ensure('unlock', { customerId: customerId.toString() });
}
