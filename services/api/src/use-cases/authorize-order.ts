import type { Types } from 'mongoose';
import type { z } from 'zod';
import { decideOrder, lockReasonOf, type Context, type OrderDecision } from '@mca/core';
import { MICROSOFT_MCA_NOT_ACCEPTED_CODE } from '@mca/integrations';
import { metrics, notFound } from '@mca/platform';
import { orderGateFor, type GateState } from '../order-gate';
import { recheckWithMicrosoft } from './recheck-with-microsoft';
import type { AuthorizeOrderBody } from '../schemas';

/** Whether this question is sent on to Partner Center (and so spends the shared Partner Center budget). */
export const asksPartnerCenter = (body: z.infer<typeof AuthorizeOrderBody>) =>
  body.program === 'CSP' && Boolean(body.recheck || body.microsoftError?.code === MICROSOFT_MCA_NOT_ACCEPTED_CODE);

/** Synchronous when the order gate answers from memory and Partner Center is not asked: the ordering path then waits on no promise. */
export type OrderAuthorizer = (partnerId: Types.ObjectId, body: z.infer<typeof AuthorizeOrderBody>) => OrderDecision | Promise<OrderDecision>;

/** Counted per answer: one labels object per combination rather than one per order. */
const answeredLabels = new Map<string, { program: string; allowed: string }>();
function answered(program: string, allowed: boolean) {
  const key = `${program}:${allowed}`;
  let labels = answeredLabels.get(key);
  if (!labels) answeredLabels.set(key, (labels = { program, allowed: String(allowed) }));
  return labels;
}

/**
 * The ordering system's hot path. The customer's state comes from this instance's order gate
 * (../order-gate.ts: in memory, kept current from the ordering stream, read from Mongo whenever
 * memory may not answer); the rule itself lives in domain/order-policy, why a tenant is locked in
 * domain/unlock-policy.
 */
export function createOrderAuthorizer(ctx: Context): OrderAuthorizer {
  const gate = orderGateFor(ctx);
  const decide = (partnerId: Types.ObjectId, body: z.infer<typeof AuthorizeOrderBody>, state: GateState | null): OrderDecision | Promise<OrderDecision> => {
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
    metrics.orderAuthorizations.inc(answered(body.program, decision.allowed));
    return decision;
  };
  return (partnerId, body) => {
    const ref = body.customerId ? { customerId: body.customerId } : { tenantId: body.tenantId! };
    const known = gate.fromMemory(partnerId, ref);
    if (known !== undefined) return decide(partnerId, body, known);
    return gate.stateOf(partnerId, ref).then((state) => decide(partnerId, body, state));
  };
}
