import type { Types } from 'mongoose';
import { acceptanceFromCheck, describeMicrosoftAcceptance, partnerCenterAccess, type Context, type Customer, type Representative } from '@mca/core';
import { metrics } from '@mca/platform';
import { recordFoundAcceptance } from './record-found-acceptance';

export type Precheck =
  /** Partner Center is not configured. */
  | { kind: 'off' }
  | { kind: 'recorded'; how: string }
  | { kind: 'not-accepted' }
  /** Partner Center does not (or could not) confirm the partner as the customer's reseller: nothing was asked about the tenant. */
  | { kind: 'not-made'; reason: string; definitive: boolean }
  | { kind: 'failed'; error: string };

/**
 * Before asking anyone: does Microsoft already have this tenant's acceptance (admin center, or
 * a partner confirmation, possibly another partner's)? Asked only for the partner Partner
 * Center lists as the customer's reseller; if so it is recorded as the customer's `microsoft`
 * consent and the tenant goes to the unlock queue. Partner Center being away does not block
 * the request: the error is returned for the request's history, logged and counted.
 */
export async function findMicrosoftAcceptance(
  ctx: Context,
  partnerId: Types.ObjectId,
  customer: Customer,
  suppliedRepresentative: Representative,
): Promise<Precheck> {
  const pc = ctx.partnerCenter;
  if (!pc) return { kind: 'off' };
  try {
    const access = await partnerCenterAccess(ctx, pc, partnerId, customer.tenantId);
    if (!access.allowed) {
      metrics.partnerCenterChecks.inc({ result: 'unconfirmed' });
      return { kind: 'not-made', reason: access.reason, definitive: access.definitive };
    }
    const found = acceptanceFromCheck(await pc.checkMcaAcceptance(customer.tenantId));
    metrics.partnerCenterChecks.inc({ result: found ? 'accepted' : 'pending' });
    if (!found) return { kind: 'not-accepted' };
    await recordFoundAcceptance(ctx, customer, found, suppliedRepresentative);
    return { kind: 'recorded', how: describeMicrosoftAcceptance(found.via) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    metrics.partnerCenterChecks.inc({ result: 'error' });
    ctx.logger.warn({ err, customerId: customer._id.toString() }, 'Partner Center pre-check failed; the consent request goes ahead');
    return { kind: 'failed', error };
  }
}
