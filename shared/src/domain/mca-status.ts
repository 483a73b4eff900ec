import type { RequestStatus } from './consent-request-status';

/** The customer-level MCA status of the contract (`mca.status`). */
export const MCA_STATUSES = ['not-requested', 'pending', 'accepted', 'declined', 'needs-review', 'expired'] as const;
export type McaStatus = (typeof MCA_STATUSES)[number];

export type ConsentMethod = 'email' | 'attestation' | 'docusign' | 'microsoft';

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
