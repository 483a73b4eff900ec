import type { Types } from 'mongoose';
import type { z } from 'zod';
import { decideOrder, lockReasonOf, type Context, type OrderDecision } from '@mca/core';
import { MICROSOFT_MCA_NOT_ACCEPTED_CODE } from '@mca/integrations';
import { metrics, notFound } from '@mca/platform';
import { orderGateFor } from '../order-gate';
import { recheckWithMicrosoft } from './recheck-with-microsoft';
import type { AuthorizeOrderBody } from '../schemas';

/** Whether this question is sent on to Partner Center (and so spends the shared Partner Center budget). */
export const asksPartnerCenter = (body: z.infer<typeof AuthorizeOrderBody>) =>
  body.program === 'CSP' && Boolean(body.recheck || body.microsoftError?.code === MICROSOFT_MCA_NOT_ACCEPTED_CODE);

export type OrderAuthorizer = (partnerId: Types.ObjectId, body: z.infer<typeof AuthorizeOrderBody>) => Promise<OrderDecision>;

/**
 * The ordering system's hot path. The customer's state comes from this instance's order gate
 * (../order-gate.ts: in memory, kept current from the ordering stream, read from Mongo whenever
 * memory may not answer); the rule itself lives in domain/order-policy, why a tenant is locked in
 * domain/unlock-policy.
 */
export function createOrderAuthorizer(ctx: Context): OrderAuthorizer {
  const gate = orderGateFor(ctx);
  return async (partnerId, body) => {
    const state = await gate.stateOf(partnerId, body.customerId ? { customerId: body.customerId } : { tenantId: body.tenantId! });
    if (!state) throw notFound('customer');
    if (asksPartnerCenter(body)) {
      return recheckWithMicrosoft(ctx, partnerId, body);
    }
    const decision = decideOrder({
      program: body.program,
      action: body.action,
      orderingUnlocked: state.unlocked,
      now: Date.now(),
      enforcementDate: ctx.config.MCA_ENFORCEMENT_DATE,
      locked: lockReasonOf(state),
    });
    metrics.orderAuthorizations.inc({ program: body.program, allowed: String(decision.allowed) });
    return decision;
  };
}
