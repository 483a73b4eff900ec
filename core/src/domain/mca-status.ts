import type { RequestStatus } from './consent-request-status';

/**
 * The customer's MCA status (`mca.status`) and its state machine, in one place. Every write of
 * `mca.status` is a compare-and-set from the statuses listed here (consent/transition-customer-mca.ts).
 */
export const MCA_STATUSES = ['not-requested', 'pending', 'accepted', 'declined', 'needs-review', 'expired'] as const;
export type McaStatus = (typeof MCA_STATUSES)[number];

/** What a customer's status may become: a new request or written consent makes it pending, consent accepts it from anywhere. */
const MCA_TRANSITIONS: Record<McaStatus, readonly McaStatus[]> = {
  'not-requested': ['pending', 'accepted'],
  // pending -> pending: another request takes over (the unlock policy's Microsoft step, written consent recorded).
  pending: ['pending', 'needs-review', 'declined', 'expired', 'not-requested', 'accepted'],
  'needs-review': ['pending', 'needs-review', 'declined', 'expired', 'not-requested', 'accepted'],
  declined: ['pending', 'accepted'],
  // A reply received before the request expired, read late, still decides it (replyInTime).
  expired: ['pending', 'accepted', 'needs-review', 'declined'],
  // Consent is immutable: nothing moves an accepted customer.
  accepted: [],
};

export function canMcaTransition(from: McaStatus, to: McaStatus): boolean {
  return MCA_TRANSITIONS[from].includes(to);
}

/** The statuses from which a customer may reach `to`: the `$in` of its compare-and-set filter. */
export function mcaStatusesLeadingTo(to: McaStatus): McaStatus[] {
  return MCA_STATUSES.filter((from) => canMcaTransition(from, to));
}

/** A new request may claim a customer that is neither accepted nor pending on another request. */
export const MAY_START_REQUEST: readonly McaStatus[] = mcaStatusesLeadingTo('pending').filter((s) => s !== 'pending');

export type ConsentMethod = 'email' | 'attestation' | 'docusign' | 'microsoft';

/**
 * Two layers of consent since 2026: the reseller's own written evidence (email reply, DocuSign,
 * paper) and Microsoft's record of the customer's acceptance. One record per customer and layer.
 */
export type ConsentLayer = 'written' | 'microsoft';
export const layerOf = (method: ConsentMethod): ConsentLayer => (method === 'microsoft' ? 'microsoft' : 'written');

/** How Microsoft learned of the acceptance (Partner Center's view). */
export type MicrosoftAcceptanceVia = 'direct' | 'partner-attestation' | 'enhanced-attestation';

/**
 * What a customer's MCA status is while its current request has this status. The customer
 * follows its request (consent/customer-follows-request.ts) to every status but `accepted`:
 * acceptance comes from the consent record (consent/record-consent.ts), under the unlock policy.
 */
export function mcaStatusFor(request: RequestStatus): McaStatus {
  switch (request) {
    case 'queued':
    case 'sent':
      return 'pending';
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'expired':
      return 'expired';
    case 'cancelled':
      return 'not-requested';
    // The partner has to act: fix the address, or look at the reply.
    case 'needs-review':
    case 'bounced':
    case 'failed':
      return 'needs-review';
  }
}

/** The status a customer takes when its current request moves to `request`; undefined where it does not follow. */
export const mcaStatusFollowing = (request: RequestStatus): McaStatus | undefined => (request === 'accepted' ? undefined : mcaStatusFor(request));
