import type { PartnerRelationship } from './types';
import { asObject, readArray, readString } from '../../../platform/src/wire/json-readers';

/**
 * GET /v1/customers/{customer-tenant-id}/relationships: the customer's indirect resellers, as
 * `{ totalCount, items: [PartnerRelationship] }` (learn.microsoft.com/partner-center/developer:
 * get-indirect-resellers-of-a-customer, relationships-resources). A customer without an indirect
 * reseller answers an empty collection or, reported on Microsoft Q&A, a `null` body: both read
 * as no reseller. PartnerRelationship: `id` (the reseller's tenant id), `name`, `mpnId`,
 * `location`, `relationshipType` (`None`, `IsIndirectResellerOf`,
 * `IsIndirectCloudSolutionProviderOf`), `state` (e.g. `active`), `attributes`.
 * Items without an id are dropped: they cannot name anyone.
 */
export function parseRelationships(body: unknown): PartnerRelationship[] {
  const relationships: PartnerRelationship[] = [];
  for (const item of readArray(asObject(body), 'items')) {
    const obj = asObject(item);
    const id = readString(obj, 'id');
    if (!id) continue;
    const mpnId = readString(obj, 'mpnId');
    const relationshipType = readString(obj, 'relationshipType');
    const state = readString(obj, 'state');
    relationships.push({
      id,
      ...(mpnId ? { mpnId: mpnId.trim() } : {}),
      ...(relationshipType ? { relationshipType } : {}),
      ...(state ? { state } : {}),
    });
  }
  return relationships;
}
