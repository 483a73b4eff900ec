import type { Types } from 'mongoose';
import type { z } from 'zod';
import { decideOrder, metrics, notFound, type Context, type OrderDecision } from '@mca/shared';
import type { AuthorizeOrderBody } from '../schemas';

const PROJECTION = { 'ordering.status': 1, _id: 0 } as const;

/** The ordering system's hot path: one indexed read, lean, projected; the rule is in order-policy. */
export async function authorizeOrder(
  ctx: Context,
  partnerId: Types.ObjectId,
  body: z.infer<typeof AuthorizeOrderBody>,
): Promise<OrderDecision> {
  const filter = body.customerId ? { _id: body.customerId, partnerId } : { partnerId, tenantId: body.tenantId };
  const customer = await ctx.models.customers.findOne(filter, PROJECTION).lean<{ ordering: { status: string } }>();
  if (!customer) throw notFound('customer');
  const decision = decideOrder({
    program: body.program,
    action: body.action,
    orderingUnlocked: customer.ordering.status === 'unlocked',
    now: Date.now(),
    enforcementDate: ctx.config.MCA_ENFORCEMENT_DATE,
  });
  metrics.orderAuthorizations.inc({ program: body.program, allowed: String(decision.allowed) });
  return decision;
}
