import type { Types } from 'mongoose';
import type { z } from 'zod';
import { decideOrder, MCA_NOT_ACCEPTED_CODE, metrics, notFound, type Context, type OrderDecision } from '@mca/shared';
import { recheckWithMicrosoft } from './recheck-with-microsoft';
import type { AuthorizeOrderBody } from '../schemas';

const PROJECTION = { 'ordering.status': 1, 'mca.written.method': 1, _id: 0 } as const;
const MICROSOFT_PENDING =
  "The customer's written consent is recorded, but Microsoft has not yet confirmed the customer's acceptance of the Microsoft Customer Agreement (UNLOCK_POLICY=consent+microsoft); new orders and quantity changes are blocked until it does.";
const MAX_REMEMBERED = 200_000;

/** Whether this question is sent on to Partner Center (and so spends the shared Partner Center budget). */
export const asksPartnerCenter = (body: z.infer<typeof AuthorizeOrderBody>) =>
  body.program === 'CSP' && Boolean(body.recheck || body.microsoftError?.code === MCA_NOT_ACCEPTED_CODE);

export type OrderAuthorizer = (partnerId: Types.ObjectId, body: z.infer<typeof AuthorizeOrderBody>) => Promise<OrderDecision>;

/**
 * The ordering system's hot path. An unlocked tenant never locks again (consent is
 * evergreen), so once this process has read "unlocked" from Mongo it may answer from memory
 * for good; a locked tenant is always read fresh (one indexed, projected, lean read), so an
 * unlock is seen on the very next order. The rule itself lives in domain/order-policy.
 */
export function createOrderAuthorizer(ctx: Context): OrderAuthorizer {
  const unlocked = new Set<string>();
  return async (partnerId, body) => {
    const key = body.customerId ? `${partnerId}:c:${body.customerId}` : `${partnerId}:t:${body.tenantId}`;
    let isUnlocked = unlocked.has(key);
    let writtenOnly = false;
    if (!isUnlocked) {
      const filter = body.customerId ? { _id: body.customerId, partnerId } : { partnerId, tenantId: body.tenantId };
      const customer = await ctx.models.customers
        .findOne(filter, PROJECTION)
        .lean<{ ordering: { status: string }; mca?: { written?: { method?: string } } }>();
      if (!customer) throw notFound('customer');
      isUnlocked = customer.ordering.status === 'unlocked';
      writtenOnly = Boolean(customer.mca?.written?.method);
      if (isUnlocked) {
        if (unlocked.size >= MAX_REMEMBERED) unlocked.clear();
        unlocked.add(key);
      }
    }
    if (asksPartnerCenter(body)) {
      return recheckWithMicrosoft(ctx, partnerId, body);
    }
    const decision = decideOrder({
      program: body.program,
      action: body.action,
      orderingUnlocked: isUnlocked,
      now: Date.now(),
      enforcementDate: ctx.config.MCA_ENFORCEMENT_DATE,
    });
    metrics.orderAuthorizations.inc({ program: body.program, allowed: String(decision.allowed) });
    return !decision.allowed && writtenOnly ? { ...decision, detail: MICROSOFT_PENDING } : decision;
  };
}
