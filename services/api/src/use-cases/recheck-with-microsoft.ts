import type { Types } from 'mongoose';
import type { z } from 'zod';
import {
  acceptanceFromCheck,
  decideOrder,
  openCustomer,
  orderRefusal,
  partnerCenterAccess,
  type Context,
  type CustomerFacts,
  type OrderDecision,
} from '@mca/core';
import { MICROSOFT_MCA_NOT_ACCEPTED_CODE, MICROSOFT_MCA_NOT_ACCEPTED_TEXT } from '@mca/integrations';
import { metrics, notFound } from '@mca/platform';
import type { AuthorizeOrderBody } from '../schemas';
import { recordFoundAcceptance } from './record-found-acceptance';

/**
 * The ordering system learned something from Microsoft (order refused with 13605), or asks us
 * to look again. Partner Center, when configured, has the last word: accepted -> recorded and
 * allowed; not accepted -> refused with Microsoft's own words, and the customer shows it.
 * Partner Center is asked only for the partner it lists as the customer's reseller; for any
 * other the answer is the partner's own state, saying why Microsoft's side was not checked.
 */
export async function recheckWithMicrosoft(ctx: Context, partnerId: Types.ObjectId, body: z.infer<typeof AuthorizeOrderBody>): Promise<OrderDecision> {
  const filter = body.customerId ? { _id: body.customerId, partnerId } : { partnerId, tenantId: body.tenantId };
  const customer = await ctx.models.customers.findOne(filter).lean();
  if (!customer) throw notFound('customer');
  const reported = body.microsoftError?.code === MICROSOFT_MCA_NOT_ACCEPTED_CODE ? body.microsoftError : undefined;
  const rule = { program: body.program, action: body.action, now: Date.now(), enforcementDate: ctx.config.MCA_ENFORCEMENT_DATE };

  // Our own state decides when Microsoft's side was not (or could not be) asked.
  const ours = (notChecked?: string) =>
    decided(
      decideOrder({
        ...rule,
        orderingUnlocked: customer.ordering.status === 'unlocked',
        locked: { kind: 'no-consent', ...(notChecked ? { notChecked } : {}) },
      }),
    );
  const pc = ctx.partnerCenter;
  const access = pc ? await partnerCenterAccess(ctx, pc, partnerId, customer.tenantId) : undefined;
  if (access && !access.allowed) {
    metrics.partnerCenterChecks.inc({ result: 'unconfirmed' });
    if (!reported) return ours(access.reason);
  } else if (pc) {
    try {
      const found = acceptanceFromCheck(await pc.checkMcaAcceptance(customer.tenantId));
      metrics.partnerCenterChecks.inc({ result: found ? 'accepted' : 'pending' });
      if (found) {
        // Recorded even when nobody is named (accepted in the admin center, never asked here):
        // otherwise this answer says allowed while the tenant stays locked for the next order.
        await recordFoundAcceptance(ctx, await openCustomer(ctx.vault, customer), found);
        return decided({ allowed: true });
      }
    } catch (err) {
      metrics.partnerCenterChecks.inc({ result: 'error' });
      ctx.logger.warn({ err, customerId: customer._id.toString() }, 'Partner Center re-check failed');
      // Without Microsoft's answer, a refusal just reported stands; a plain re-check keeps our state.
      if (!reported) return ours();
    }
  } else if (!reported) {
    return ours();
  }
  // Microsoft says not accepted (the order's 13605, or Partner Center now): locked whatever our
  // state, and the customer shows it; the enforcement date still decides like on every order.
  const locked = {
    kind: 'microsoft-refused',
    code: MICROSOFT_MCA_NOT_ACCEPTED_CODE,
    text: reported?.description?.trim() || MICROSOFT_MCA_NOT_ACCEPTED_TEXT,
  } as const;
  await noteNotAccepted(ctx, customer, orderRefusal(locked).detail);
  return decided(decideOrder({ ...rule, orderingUnlocked: false, locked }));
}

async function noteNotAccepted(ctx: Context, customer: CustomerFacts, detail: string): Promise<void> {
  await ctx.models.customers.updateOne(
    { _id: customer._id, 'mca.microsoft.status': { $ne: 'accepted' } },
    { $set: { 'mca.microsoft': { status: 'not-accepted', checkedAt: ctx.now(), detail } } },
  );
}

function decided(decision: OrderDecision): OrderDecision {
  metrics.orderAuthorizations.inc({ program: 'CSP', allowed: String(decision.allowed) });
  return decision;
}
