import {
  type ConsentRequest,
  type Context,
  type Customer,
  type MicrosoftAcceptance,
  acceptanceFromCheck,
  noAnswerWithin,
  partnerCenterAccess,
  personOf,
} from '@mca/core';
import type { PartnerCenterClient } from '@mca/integrations';

export type MicrosoftOutcome =
  | { kind: 'accepted'; acceptance: MicrosoftAcceptance }
  | { kind: 'expired'; detail: string }
  | { kind: 'pending' }
  /** Partner Center does not (now) list the request's partner as the customer's reseller: nothing was asked. */
  | { kind: 'unconfirmed'; detail: string };

/** An expired request is final (it cannot be resent): a new request creates a new attestation and link. */
const LINK_EXPIRED = "Microsoft's acceptance link expired before the customer accepted; a new consent request with channel 'microsoft' sends a new link";

/**
 * Where a `microsoft` request stands on Microsoft's side. An attestation the customer accepted
 * is finalized here (create agreement with its id; "already exists" counts as done), and an
 * acceptance made any other way (admin center, another partner) is found by the tenant check.
 * Each check first confirms Partner Center still lists the request's partner as the customer's
 * reseller; until it does again, nothing about the tenant is read, and the request still expires.
 */
export async function readMicrosoftOutcome(ctx: Context, pc: PartnerCenterClient, request: ConsentRequest, customer: Customer): Promise<MicrosoftOutcome> {
  const now = ctx.now();
  const link = request.acceptance;
  const access = await partnerCenterAccess(ctx, pc, request.partnerId, customer.tenantId);
  if (!access.allowed) return expiry(ctx, request, now) ?? { kind: 'unconfirmed', detail: access.reason };
  if (link?.kind === 'attestation-link') {
    const attestation = await pc.getEnhancedAttestation(link.attestationId);
    if (attestation.status === 'customer-accepted' || attestation.status === 'agreement-created') {
      let created: Awaited<ReturnType<PartnerCenterClient['createAgreement']>> | undefined;
      if (attestation.status === 'customer-accepted') {
        const template = await pc.getMcaTemplate();
        created = await pc.createAgreement({
          customerTenantId: customer.tenantId,
          templateId: template.templateId,
          attestationId: link.attestationId,
          signatory: request.representative,
          dateAgreed: now,
        });
      }
      return {
        kind: 'accepted',
        acceptance: {
          via: 'enhanced-attestation',
          checkedAt: now,
          attestationId: link.attestationId,
          partnerCenter: { attestation: attestation.raw, ...(created ? { agreement: created.raw } : {}) },
          // Who the agreement Microsoft now holds names; nobody when its answer names nobody (600061).
          ...(created?.primaryContact ? { representative: personOf(created.primaryContact) } : {}),
        },
      };
    }
    if (attestation.status === 'link-expired') {
      return { kind: 'expired', detail: LINK_EXPIRED };
    }
  }

  const found = acceptanceFromCheck(await pc.checkMcaAcceptance(customer.tenantId));
  if (found) return { kind: 'accepted', acceptance: found };
  return expiry(ctx, request, now) ?? { kind: 'pending' };
}

/**
 * The request's end when its link ran out, or REQUEST_EXPIRES_AFTER (the rule of every channel,
 * recorded as `expiresAt` at the send) did; the link's own expiry can only come sooner.
 */
function expiry(ctx: Context, request: ConsentRequest, now: Date): MicrosoftOutcome | undefined {
  const link = request.acceptance;
  const linkExpiry = link?.kind === 'attestation-link' ? link.expiresAt : undefined;
  const ruleExpiry = request.expiresAt ?? new Date(request.createdAt.getTime() + ctx.config.REQUEST_EXPIRES_AFTER);
  if (linkExpiry && now.getTime() >= linkExpiry.getTime()) return { kind: 'expired', detail: LINK_EXPIRED };
  if (now.getTime() < ruleExpiry.getTime()) return undefined;
  return { kind: 'expired', detail: noAnswerWithin(ctx.config.REQUEST_EXPIRES_AFTER, "no acceptance on Microsoft's side") };
}
