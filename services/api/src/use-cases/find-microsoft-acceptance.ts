import {
  acceptanceFromCheck,
  describeMicrosoftAcceptance,
  metrics,
  type Context,
  type Customer,
  type Representative,
} from '@mca/shared';
import { recordFoundAcceptance } from './record-found-acceptance';

/**
 * Before asking anyone: does Microsoft already have this tenant's acceptance (admin center, or
 * a partner confirmation, possibly another partner's)? If so it is recorded as the customer's
 * `microsoft` consent and the tenant goes to the unlock queue. Partner Center being away does
 * not block the request: the error is returned for the request's history, logged and counted.
 */
export async function findMicrosoftAcceptance(
  ctx: Context,
  customer: Customer,
  representative: Representative,
): Promise<{ recorded?: string; error?: string }> {
  if (!ctx.partnerCenter) return {};
  try {
    const found = acceptanceFromCheck(await ctx.partnerCenter.checkMcaAcceptance(customer.tenantId));
    metrics.partnerCenterChecks.inc({ result: found ? 'accepted' : 'pending' });
    if (!found) return {};
    await recordFoundAcceptance(ctx, customer, found, representative);
    return { recorded: describeMicrosoftAcceptance(found.via) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    metrics.partnerCenterChecks.inc({ result: 'error' });
    ctx.logger.warn({ err, customerId: customer._id.toString() }, 'Partner Center pre-check failed; the consent request goes ahead');
    return { error };
  }
}
