import type { RequestStatus } from './consent-request-status';

/** The customer-level MCA status of the contract (`mca.status`). */
export const MCA_STATUSES = ['not-requested', 'pending', 'accepted', 'declined', 'needs-review', 'expired'] as const;
export type McaStatus = (typeof MCA_STATUSES)[number];

export type ConsentMethod = 'email' | 'attestation' | 'docusign' | 'microsoft';

/**
 * Two layers of consent since 2026: the reseller's own written evidence (email reply, DocuSign,
 * paper) and Microsoft's record of the customer's acceptance. One record per customer and layer.
 */
export type ConsentLayer = 'written' | 'microsoft';
export const layerOf = (method: ConsentMethod): ConsentLayer => (method === 'microsoft' ? 'microsoft' : 'written');

/** How Microsoft learned of the acceptance (Partner Center's view). */
export type MicrosoftAcceptanceVia = 'direct' | 'partner-attestation' | 'enhanced-attestation';

/** What a customer's MCA status is while its current request has this status. */
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
