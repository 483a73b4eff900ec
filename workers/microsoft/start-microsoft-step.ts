import {
  MICROSOFT_STEP_UNDER_WAY,
  appendAuditEvent,
  historyEntry,
  microsoftStepDetail,
  requestCreated,
  transitionCustomerMca,
  type Context,
  type Customer,
} from '@mca/core';
import { newReplyToken } from '@mca/platform';
import { resolveLocale } from '@mca/templates';

/**
 * UNLOCK_POLICY=consent+microsoft, written consent recorded: asks the same representative to
 * accept on Microsoft's side with a `microsoft` request the service starts itself. Safe to run
 * again after a crash: an awaiting microsoft request is reused, never doubled.
 */
export async function startMicrosoftStep(ctx: Context, customer: Customer): Promise<void> {
  const { models } = ctx;
  let request = await models.consentRequests.findOne({ customerId: customer._id, channel: 'microsoft', status: { $in: MICROSOFT_STEP_UNDER_WAY } }).lean();
  if (!request) {
    const written = await models.consentRecords.findOne({ customerId: customer._id, layer: 'written' }).lean();
    // Written consent always names its representative (recordConsent refuses it otherwise).
    if (!written?.representative) return;
    const source = written.requestId ? await models.consentRequests.findById(written.requestId, { locale: 1 }).lean() : null;
    request = (
      await models.consentRequests.create({
        partnerId: customer.partnerId,
        customerId: customer._id,
        channel: 'microsoft',
        status: 'queued',
        representative: written.representative,
        locale: source?.locale ?? resolveLocale(customer.language),
        replyToken: newReplyToken(),
        sendCount: 1,
        origin: 'unlock-policy',
        history: [historyEntry(ctx.now(), 'queued', microsoftStepDetail(written.method))],
      })
    ).toObject();
    await appendAuditEvent(ctx, requestCreated(request));
  }
  // The dispatch worker sends only the customer's current request: point the customer at it first.
  await transitionCustomerMca(ctx, { customerId: customer._id, to: 'pending', set: { 'mca.requestId': request._id } });
  if (request.status === 'queued') await ctx.queues.add('dispatch-email', { requestId: request._id.toString(), sendCount: request.sendCount });
}
