import { notifyPartnerAboutRequest as tellPartner, moveRequest, type RequestFacts, type Context } from '@mca/core';
import type { EnvelopeState } from '@mca/integrations';

export type EnvelopeEffect = 'needs-documents' | 'declined' | 'expired' | 'bounced' | 'sent' | 'none';

/**
 * What an envelope's state means for its request, for every state but completion (which
 * needs the signed documents: the sync job fetches them). Transitions are compare-and-set
 * through the state machine, so a late "sent" never moves a request back out of a final state.
 */
export async function applyEnvelopeState(ctx: Context, request: RequestFacts, envelope: EnvelopeState, event?: string): Promise<EnvelopeEffect> {
  const signer = envelope.signers[0];
  // JSON SIM says so in the event; legacy XML and a REST read only in the signer's status.
  const undeliverable = signer?.status === 'autoresponded' && (envelope.status === 'sent' || envelope.status === 'delivered');
  if (event === 'recipient-autoresponded' || undeliverable) {
    const detail = 'DocuSign could not deliver the envelope to the representative';
    if (await moveRequest(ctx, { requestId: request._id, to: 'bounced', detail })) {
      await tellPartner(ctx, request, 'consent.needs_review', `bounce:${envelope.envelopeId}`, detail);
    }
    return 'bounced';
  }
  switch (envelope.status) {
    case 'completed':
      return 'needs-documents';
    case 'declined': {
      const detail = `declined in DocuSign by the signer${signer?.declinedReason ? `: ${signer.declinedReason}` : ''}`;
      if (await moveRequest(ctx, { requestId: request._id, to: 'declined', detail })) {
        await tellPartner(ctx, request, 'consent.declined', request._id.toString(), detail);
      }
      return 'declined';
    }
    case 'voided': {
      // Our own cancel voids the envelope too; then the request is already cancelled and this is a no-op.
      const detail = `envelope voided${envelope.voidedReason ? `: ${envelope.voidedReason}` : ''}`;
      if (await moveRequest(ctx, { requestId: request._id, to: 'expired', detail })) {
        await tellPartner(ctx, request, 'consent.expired', request._id.toString(), detail);
      }
      return 'expired';
    }
    case 'sent':
    case 'delivered':
      await moveRequest(ctx, { requestId: request._id, to: 'sent', from: ['queued'], detail: `DocuSign envelope ${envelope.status}` });
      return 'sent';
    default:
      return 'none';
  }
}
