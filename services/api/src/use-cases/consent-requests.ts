import type { Types } from 'mongoose';
import type { z } from 'zod';
import {
  appendAuditEvent,
  requestCreated,
  ACTIVE_STATUSES,
  AppError,
  newReplyToken,
  notFound,
  transitionRequest,
  type ConsentRequest,
  type Context,
  type Payload,
  type QueueName,
} from '@mca/shared';
import { resolveLocale } from '@mca/templates';
import type { CreateConsentRequestBody } from '../schemas';
import { findCustomer } from './customers';
import { findMicrosoftAcceptance, type Precheck } from './find-microsoft-acceptance';

/** Channels this installation can serve: email always, DocuSign and Microsoft when configured. */
function channelAvailable(ctx: Context, channel: ConsentRequest['channel']): boolean {
  if (channel === 'email') return true;
  if (channel === 'docusign') return Boolean(ctx.docusign);
  // Acceptance on Microsoft's side can only be detected through Partner Center.
  return Boolean(ctx.partnerCenter);
}

/**
 * Starts a consent request: the request is stored as `queued` (the outbox), the customer
 * points at it, then the dispatch job is enqueued. Should the enqueue fail (Redis away), the
 * request is still answered 202: the sweeper dispatches queued requests it finds.
 */
export async function createConsentRequest(
  ctx: Context,
  partnerId: Types.ObjectId,
  customerId: string,
  body: z.infer<typeof CreateConsentRequestBody>,
): Promise<ConsentRequest> {
  const customer = await findCustomer(ctx, partnerId, customerId);
  if (customer.mca.status === 'accepted') {
    throw new AppError('MCA_ALREADY_ACCEPTED', 'this customer has already accepted the Microsoft Customer Agreement');
  }
  const representative = body.representative ?? customer.representative;
  if (!representative) {
    throw new AppError('REPRESENTATIVE_REQUIRED', 'name the representative to ask: this customer has no default representative');
  }
  if (!channelAvailable(ctx, body.channel)) {
    throw new AppError('CHANNEL_UNAVAILABLE', `the ${body.channel} channel is not available on this installation`);
  }
  const active = await ctx.models.consentRequests.findOne(
    { partnerId, customerId: customer._id, status: { $in: ACTIVE_STATUSES } },
    { _id: 1 },
  ).lean();
  if (active) {
    throw new AppError('CONSENT_REQUEST_PENDING', 'a consent request for this customer is already under way; resend or cancel it', {
      requestId: active._id.toString(),
    });
  }

  const precheck = await findMicrosoftAcceptance(ctx, partnerId, customer, representative);
  if (precheck.kind === 'recorded') {
    throw new AppError(
      'MCA_ALREADY_ACCEPTED',
      `Microsoft already records this customer's acceptance of the Microsoft Customer Agreement (${precheck.how}); it is recorded as the consent and the tenant is unlocked`,
    );
  }
  // The microsoft channel acts in Partner Center for this tenant (an attestation, its reads):
  // only for the customer's reseller. Could Partner Center not be asked, the worker asks again.
  if (body.channel === 'microsoft' && precheck.kind === 'not-made' && precheck.definitive) {
    throw new AppError('PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED', `the microsoft channel is not available for this customer: ${precheck.reason}`);
  }

  const note = precheckNote(ctx, precheck);
  const now = ctx.now();
  const request = (
    await ctx.models.consentRequests.create({
      partnerId,
      customerId: customer._id,
      channel: body.channel,
      status: 'queued',
      representative,
      locale: resolveLocale(body.language ?? customer.language),
      replyToken: newReplyToken(),
      sendCount: 1,
      origin: 'partner',
      history: [
        ...(note ? [{ at: now, status: 'queued' as const, detail: note }] : []),
        { at: now, status: 'queued', detail: `requested by partner over the API (${body.channel})` },
      ],
    })
  ).toObject();
  await appendAuditEvent(ctx, requestCreated(request));

  // Only a customer that is not accepted, and not already pending on another request, takes it.
  const claimed = await ctx.models.customers.updateOne(
    { _id: customer._id, partnerId, 'mca.status': { $nin: ['accepted', 'pending'] } },
    { $set: { 'mca.status': 'pending', 'mca.requestId': request._id }, $unset: { 'mca.detail': 1 } },
  );
  if (claimed.modifiedCount === 0) {
    await transitionRequest(ctx, { requestId: request._id, to: 'cancelled', detail: 'superseded by a concurrent request' });
    throw new AppError('CONSENT_REQUEST_PENDING', 'another consent request for this customer started at the same moment');
  }
  await enqueueDispatch(ctx, request, 1);
  return request;
}

/** What the request's history says about a pre-check that did not answer. */
function precheckNote(ctx: Context, precheck: Precheck): string | undefined {
  if (precheck.kind === 'failed') return `Partner Center could not be asked whether Microsoft already has the acceptance: ${precheck.error}`;
  if (precheck.kind !== 'not-made') return undefined;
  return ctx.config.UNLOCK_POLICY === 'consent+microsoft'
    ? `${precheck.reason} (UNLOCK_POLICY=consent+microsoft: a written consent leaves the tenant locked until Partner Center lists this partner as the customer's reseller and Microsoft's side is confirmed)`
    : precheck.reason;
}

export async function getConsentRequest(ctx: Context, partnerId: Types.ObjectId, customerId: string, requestId: string) {
  const r = await ctx.models.consentRequests.findOne({ _id: requestId, partnerId, customerId }).lean();
  if (!r) throw notFound('consent request');
  return r;
}

export async function cancelConsentRequest(ctx: Context, partnerId: Types.ObjectId, customerId: string, requestId: string) {
  const r = await getConsentRequest(ctx, partnerId, customerId, requestId);
  const moved = await transitionRequest(ctx, { requestId: r._id, to: 'cancelled', detail: 'cancelled by the partner' });
  if (!moved) throw new AppError('INVALID_STATE', `a ${r.status} request cannot be cancelled`);
  if (moved.channel === 'docusign') await enqueue(ctx, 'docusign', { op: 'void', requestId: r._id.toString() });
  return moved;
}

/** Sends the request again (same reply address, new Message-ID), e.g. after a bounce was fixed. */
export async function resendConsentRequest(ctx: Context, partnerId: Types.ObjectId, customerId: string, requestId: string) {
  const r = await getConsentRequest(ctx, partnerId, customerId, requestId);
  const customer = await findCustomer(ctx, partnerId, customerId);
  if (customer.mca.status === 'accepted') throw new AppError('MCA_ALREADY_ACCEPTED', 'the customer has already accepted');
  if (!customer.mca.requestId?.equals(r._id)) throw new AppError('INVALID_STATE', 'a newer request replaced this one');
  const sendCount = r.sendCount + 1;
  const moved = await transitionRequest(ctx, {
    requestId: r._id,
    to: 'queued',
    from: (['sent', 'bounced', 'failed', 'needs-review'] as const).filter((s) => s === r.status),
    detail: 'resend requested by the partner',
    set: { sendCount },
  });
  if (!moved) throw new AppError('INVALID_STATE', `a ${r.status} request cannot be resent`);
  await enqueueDispatch(ctx, moved, sendCount);
  return moved;
}

function enqueueDispatch(ctx: Context, request: ConsentRequest, sendCount: number) {
  const requestId = request._id.toString();
  return request.channel === 'docusign'
    ? enqueue(ctx, 'docusign', { op: 'send', requestId, sendCount })
    : enqueue(ctx, 'dispatch-email', { requestId, sendCount });
}

/** The request is already stored in the state the job acts on; a lost enqueue is the sweeper's. */
async function enqueue<Q extends QueueName>(ctx: Context, name: Q, payload: Payload<Q>) {
  try {
    await ctx.queues.add(name, payload);
  } catch (err) {
    ctx.logger.warn({ err, queue: name }, 'enqueue failed; the sweeper will pick the work up');
  }
}
