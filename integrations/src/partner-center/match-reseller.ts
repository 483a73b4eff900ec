import type { PartnerRelationship } from './types';

/** The relationship type Partner Center gives an indirect reseller of the customer. */
const INDIRECT_RESELLER = 'isindirectresellerof';

export type ResellerMatch =
  { matched: true; by: 'tenant-id' | 'mpn-id' | 'own-tenant' } | { matched: false; why: 'not-listed' } | { matched: false; why: 'inactive'; state: string };

/**
 * Is the partner the customer's reseller, as Partner Center lists the customer's resellers?
 * The one rule deciding whether Partner Center's answers about a tenant may be used for a
 * partner: listed as an active indirect reseller by its tenant id (PartnerRelationship.id) or
 * its MPN id. `ownTenantId` is the tenant the deployment's Partner Center credentials belong
 * to (PARTNER_CENTER_TENANT_ID): a partner declaring that tenant is the credentials' owner
 * (a direct-bill partner, or the indirect provider's own direct business), which no
 * relationship lists; it matches the customers no active indirect reseller is listed for, and
 * never a reseller's customer.
 */
export function matchReseller(
  identity: { tenantId?: string; mpnId?: string },
  relationships: readonly PartnerRelationship[],
  ownTenantId?: string,
): ResellerMatch {
  const sameTenant = (a?: string, b?: string) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());
  const resellers = relationships.filter((r) => r.relationshipType?.toLowerCase() === INDIRECT_RESELLER);
  // No stated state counts as not active: an answer that cannot show the relationship holds is not used.
  const isActive = (r: PartnerRelationship) => r.state?.toLowerCase() === 'active';
  const byTenant = resellers.filter((r) => sameTenant(r.id, identity.tenantId));
  const byMpn = resellers.filter((r) => Boolean(identity.mpnId && r.mpnId === identity.mpnId));
  if (byTenant.some(isActive)) return { matched: true, by: 'tenant-id' };
  if (byMpn.some(isActive)) return { matched: true, by: 'mpn-id' };
  const listed = [...byTenant, ...byMpn][0];
  if (listed) return { matched: false, why: 'inactive', state: listed.state ?? 'none stated' };
  if (sameTenant(identity.tenantId, ownTenantId) && !resellers.some(isActive)) return { matched: true, by: 'own-tenant' };
  return { matched: false, why: 'not-listed' };
}
