import type { ConsentLayer, ConsentMethod, McaStatus } from './mca-status';
import type { LockReason } from './order-policy';

/**
 * The unlock rule, in one place: which consent unlocks a customer's tenant (UNLOCK_POLICY).
 * `consent`: any consent layer, written or Microsoft's. `consent+microsoft`: written consent
 * alone leaves the customer pending and the tenant locked; the service then asks the same
 * representative to accept on Microsoft's side (a `microsoft` request of its own), and Microsoft's
 * acceptance unlocks. Pure: the writers (consent/record-consent.ts, workers/unlock/processor.ts)
 * and the order refusal (domain/order-policy.ts) ask it.
 */
export const UNLOCK_POLICIES = ['consent', 'consent+microsoft'] as const;
export type UnlockPolicy = (typeof UNLOCK_POLICIES)[number];

/** What a consent of this layer, just recorded, does to the customer. */
export type ConsentEffect = 'accept' | 'await-microsoft';
export const effectOfConsent = (policy: UnlockPolicy, layer: ConsentLayer): ConsentEffect =>
  layer === 'written' && policy === 'consent+microsoft' ? 'await-microsoft' : 'accept';

/** What the unlock job does with a customer: unlock it, start Microsoft's step, or nothing (not accepted). */
export type UnlockStep = 'unlock' | 'start-microsoft-step' | 'none';
export function unlockStepFor(policy: UnlockPolicy, customer: { status: McaStatus; hasWrittenConsent: boolean }): UnlockStep {
  if (customer.status === 'accepted') return 'unlock';
  return customer.hasWrittenConsent && policy === 'consent+microsoft' ? 'start-microsoft-step' : 'none';
}

/** Why a locked tenant is locked, as the order refusal says it. */
export const lockReasonOf = (state: { writtenOnly: boolean }): LockReason => (state.writtenOnly ? { kind: 'awaiting-microsoft' } : { kind: 'no-consent' });

/** The customer's `mca.detail` while its written consent waits for Microsoft's side. */
export const awaitingMicrosoftDetail = (method: ConsentMethod) =>
  `written consent recorded (${method}); waiting for acceptance on Microsoft's side, which this service also needs`;

/** The history line of the `microsoft` request the service starts after written consent. */
export const microsoftStepDetail = (method: ConsentMethod) =>
  `started by the service after the written consent (${method}): this service needs acceptance on Microsoft's side too`;

/** What a consent request's history says when Partner Center could not confirm the partner as the reseller. */
export const unconfirmedRelationshipNote = (policy: UnlockPolicy, reason: string) =>
  policy === 'consent+microsoft'
    ? `${reason} (this service also needs Microsoft's confirmation: a written consent leaves the tenant locked until Partner Center lists this partner as the customer's reseller and Microsoft's side is confirmed)`
    : reason;
