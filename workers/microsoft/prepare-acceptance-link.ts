import { UnrecoverableError } from 'bullmq';
import {
  acceptanceFromCheck,
  cultureFor,
  partnerCenterAccess,
  recordMicrosoftAcceptance,
  moveRequest,
  type ConsentRequest,
  type Context,
  type Customer,
  type MicrosoftAcceptanceLink,
} from '@mca/core';
import { resolveLocale } from '@mca/templates';
import { ADMIN_CENTER_AGREEMENT_URL } from './admin-center';
import { asJobError } from './partner-center-failure';

/**
 * The link a `microsoft` request's email carries: Microsoft's enhanced-attestation link when
 * configured (created once and kept on the request, so a retried send reuses it; a resend after
 * it expired gets a new one), else the Microsoft 365 admin center. Returns null when nothing
 * is to be sent: Partner Center already has the acceptance (recorded), or it does not list the
 * request's partner as the customer's reseller (the request fails, saying so: nothing is read
 * or created in Partner Center for another partner's customer).
 */
export async function prepareAcceptanceLink(ctx: Context, request: ConsentRequest, customer: Customer): Promise<MicrosoftAcceptanceLink | null> {
  try {
    return await prepare(ctx, request, customer);
  } catch (err) {
    throw asJobError(err);
  }
}

async function prepare(ctx: Context, request: ConsentRequest, customer: Customer): Promise<MicrosoftAcceptanceLink | null> {
  const pc = ctx.partnerCenter;
  if (!pc) throw new UnrecoverableError('the microsoft channel needs Partner Center, which this deployment has not configured');
  const access = await partnerCenterAccess(ctx, pc, request.partnerId, customer.tenantId);
  if (!access.allowed) {
    // Partner Center could not be asked: the job's retries ask again, the last one fails the request.
    if (!access.definitive) throw new Error(access.reason);
    await moveRequest(ctx, { requestId: request._id, to: 'failed', from: ['queued'], detail: access.reason, set: { lastError: access.reason } });
    return null;
  }
  const found = acceptanceFromCheck(await pc.checkMcaAcceptance(customer.tenantId));
  if (found) {
    await recordMicrosoftAcceptance(ctx, { customer, request, acceptance: found });
    return null;
  }

  const current = request.acceptance;
  const stillValid = current && (current.kind === 'admin-center' || !current.expiresAt || current.expiresAt.getTime() > ctx.now().getTime());
  if (current && stillValid) return current;
  if (!ctx.config.partnerCenter?.enhancedAttestation) return { kind: 'admin-center', url: ADMIN_CENTER_AGREEMENT_URL };

  const attestation = await pc.createEnhancedAttestation({
    customerTenantId: customer.tenantId,
    country: customer.country,
    language: cultureFor(resolveLocale(request.locale), customer.country),
    companyName: customer.name,
    signatory: request.representative,
  });
  const link: MicrosoftAcceptanceLink = {
    kind: 'attestation-link',
    url: attestation.acceptanceUrl,
    attestationId: attestation.attestationId,
    ...(attestation.expiresAt ? { expiresAt: attestation.expiresAt } : {}),
  };
  await ctx.models.consentRequests.updateOne({ _id: request._id }, { $set: { acceptance: link } });
  return link;
}
