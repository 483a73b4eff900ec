import type { Types } from 'mongoose';
import type { Context } from '../context';
import { partnerSettings } from '../db/partner-settings';
import { metrics } from '@mca/platform';
import { matchReseller, type PartnerCenterClient } from '@mca/integrations';

const NOT_MADE = 'the Microsoft-side check was not made';

/**
 * May Partner Center's answers about this tenant be used for this partner? Customers are unique
 * per partner and tenant ids are public, so any partner can register any tenant: only the
 * partner Partner Center lists as the customer's reseller (matchReseller) gets anything from
 * Partner Center about it, or has anything done there in its name. Every "no" carries the
 * reason, worded for the request's history and the API answer.
 * `definitive` is false only when Partner Center could not be asked: a worker retries then.
 */
export type PartnerCenterAccess = { allowed: true } | { allowed: false; definitive: boolean; reason: string };

export async function partnerCenterAccess(
  ctx: Pick<Context, 'models' | 'config' | 'logger'>,
  pc: PartnerCenterClient,
  partnerId: Types.ObjectId,
  tenantId: string,
): Promise<PartnerCenterAccess> {
  const partner = await partnerSettings(ctx.models, partnerId);
  const identity = partner?.partnerCenter;
  const log = { partnerId: partnerId.toString(), tenantId };
  if (!identity?.tenantId && !identity?.mpnId) {
    metrics.partnerCenterRelationships.inc({ result: 'no-identity' });
    return {
      allowed: false,
      definitive: true,
      reason: `This partner has no Partner Center identity (partnerCenter.tenantId or mpnId, declared when the partner is created), so Partner Center cannot show it as the customer's reseller; ${NOT_MADE}`,
    };
  }
  let relationships;
  try {
    relationships = await pc.getCustomerRelationships(tenantId);
  } catch (err) {
    metrics.partnerCenterRelationships.inc({ result: 'error' });
    ctx.logger.warn({ err, ...log }, "Partner Center's list of the customer's resellers could not be read; nothing of Partner Center's is used");
    const message = err instanceof Error ? err.message : String(err);
    return {
      allowed: false,
      definitive: false,
      reason: `The service could not read which partners Partner Center lists as the customer's resellers (${message}); ${NOT_MADE}`,
    };
  }
  const match = matchReseller(identity, relationships, ctx.config.PARTNER_CENTER_TENANT_ID);
  if (match.matched) {
    metrics.partnerCenterRelationships.inc({ result: 'confirmed' });
    return { allowed: true };
  }
  metrics.partnerCenterRelationships.inc({ result: 'not-listed' });
  // Possibly a partner registering another partner's customer: an operator should be able to see it.
  ctx.logger.warn({ ...log, why: match.why }, "Partner Center does not list the partner as the customer's reseller; nothing of Partner Center's is used");
  return {
    allowed: false,
    definitive: true,
    reason:
      match.why === 'inactive'
        ? `Partner Center lists this partner as the customer's reseller, but the relationship is not active (state: ${match.state}); ${NOT_MADE}`
        : `Partner Center does not list this partner as the customer's reseller; ${NOT_MADE}`,
  };
}
