import { UnrecoverableError } from 'bullmq';
import { moveRequest, openRequest, type ConsentRequest, type Context } from '@mca/core';
import type { DocuSignClient } from '@mca/integrations';

export function requireDocuSign(ctx: Context): DocuSignClient {
  if (!ctx.docusign) throw new UnrecoverableError('DocuSign is not configured (DOCUSIGN_* credentials are missing)');
  return ctx.docusign;
}

/**
 * The request a send job is for, if it should still be sent: queued, for this send, and the
 * customer's current request (an orphan from a crash or a lost race is cancelled instead).
 */
export async function requestToSend(ctx: Context, requestId: string, sendCount: number): Promise<ConsentRequest | null> {
  const request = await ctx.models.consentRequests.findById(requestId).lean();
  if (!request) throw new UnrecoverableError(`consent request ${requestId} does not exist`);
  if (request.status !== 'queued' || request.sendCount !== sendCount) return null;
  const customer = await ctx.models.customers.findById(request.customerId, { mca: 1 }).lean();
  if (!customer?.mca.requestId?.equals(request._id) || customer.mca.status === 'accepted') {
    await moveRequest(ctx, { requestId: request._id, to: 'cancelled', detail: "not the customer's current request; not sent" });
    return null;
  }
  return openRequest(ctx.vault, request);
}
