import type { Types } from 'mongoose';
import type { z } from 'zod';
import {
  appendAuditEvent,
  firstSendMessageId,
  groupCreate,
  requestCreated,
  BLOCKS_NEW_REQUEST,
  enqueueSend,
  historyEntry,
  MAY_START_REQUEST,
  RESENDABLE_STATUSES,
  moveRequest,
  transitionCustomerMca,
  unconfirmedRelationshipNote,
  openRequest,
  sealRepresentative,
  type ConsentRequest,
  type RequestFacts,
  type StoredConsentRequest,
  type Context,
  type Customer,
  type Payload,
  type QueueName,
} from '@mca/core';
import { newConsentMessageId } from '@mca/inbound-email';
import { AppError, newReplyToken, notFound } from '@mca/platform';
import { resolveLocale } from '@mca/templates';
import type { CreateConsentRequestBody } from '../schemas';
import { findCustomer } from './customers';
import { findMicrosoftAcceptance, type Precheck } from './find-microsoft-acceptance';

/** Channels this installation can serve: email always, DocuSign and Microsoft when configured. */
export function channelAvailable(ctx: Context, channel: ConsentRequest['channel']): boolean {
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
  const request = await openConsentRequest(ctx, partnerId, customer, body);
  await enqueueDispatch(ctx, request);
  return request;
}

/** Who opens a request: the partner over the API, or one of its campaigns (deterministic id, bulk enqueue by the caller). */
export type RequestOrigin = { kind: 'api' } | { kind: 'campaign'; campaignId: Types.ObjectId; requestId: Types.ObjectId; campaignName: string };

/** Send 1's Message-ID, recorded as the dispatch would record it before sending (ours, random: correlation trusts it). */
function firstMessageId(domain: string) {
  return firstSendMessageId(newConsentMessageId(domain));
}

/**
 * The rules and the writes of a new consent request, without its enqueue: the one
 * implementation behind `POST /v1/customers/{id}/consent-requests` and every campaign. Throws
 * the API's problems (already accepted, pending, no representative, channel unavailable, not
 * the customer's reseller); a campaign counts those as skipped. Microsoft's own acceptance is
 * looked for first and recorded when found (MCA_ALREADY_ACCEPTED with `recorded: true`).
 */
export async function openConsentRequest(
  ctx: Context,
  partnerId: Types.ObjectId,
  customer: Customer,
  body: z.infer<typeof CreateConsentRequestBody>,
  origin: RequestOrigin = { kind: 'api' },
): Promise<ConsentRequest> {
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
  // A campaign read the customer from its cursor a moment ago and passes only those not pending
  // (campaign-fan-out.ts): a live request makes a customer pending, so it skips this read. The
  // claim below stays the guard either way; an orphan left by a crash is cancelled at dispatch.
  if (origin.kind !== 'campaign') {
    const active = await ctx.models.consentRequests.findOne({ partnerId, customerId: customer._id, status: { $in: BLOCKS_NEW_REQUEST } }, { _id: 1 }).lean();
    if (active) {
      throw new AppError('CONSENT_REQUEST_PENDING', 'a consent request for this customer is already under way; resend or cancel it', {
        requestId: active._id.toString(),
      });
    }
  }

  const precheck = await findMicrosoftAcceptance(ctx, partnerId, customer, representative);
  if (precheck.kind === 'recorded') {
    throw new AppError(
      'MCA_ALREADY_ACCEPTED',
      `Microsoft already records this customer's acceptance of the Microsoft Customer Agreement (${precheck.how}); it is recorded as the consent and the tenant is unlocked`,
      { recorded: true },
    );
  }
  // The microsoft channel acts in Partner Center for this tenant (an attestation, its reads):
  // only for the customer's reseller. Could Partner Center not be asked, the worker asks again.
  if (body.channel === 'microsoft' && precheck.kind === 'not-made' && precheck.definitive) {
    throw new AppError('PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED', `the microsoft channel is not available for this customer: ${precheck.reason}`);
  }

  const note = precheckNote(ctx, precheck);
  const now = ctx.now();
  const by =
    origin.kind === 'campaign'
      ? `requested by the partner's campaign "${origin.campaignName}" (${body.channel})`
      : `requested by partner over the API (${body.channel})`;
  // Grouped: a campaign's batch deciding side by side stores its requests with one insert.
  const stored = await groupCreate(ctx.models.consentRequests, {
    ...(origin.kind === 'campaign' ? { _id: origin.requestId, campaignId: origin.campaignId } : {}),
    partnerId,
    customerId: customer._id,
    channel: body.channel,
    status: 'queued',
    representative: await sealRepresentative(ctx.vault, { customerId: customer._id, partnerId }, representative),
    locale: resolveLocale(body.language ?? customer.language),
    replyToken: newReplyToken(),
    sendCount: 1,
    // The first send's Message-ID is drawn here, in the insert, so the send does not need a write of its own to record it (message-id-of-send.ts).
    ...(body.channel === 'docusign' ? {} : firstMessageId(ctx.config.REPLY_DOMAIN)),
    origin: origin.kind === 'campaign' ? 'campaign' : 'partner',
    history: [...(note ? [historyEntry(now, 'queued', note)] : []), historyEntry(now, 'queued', by)],
  });
  const request: ConsentRequest = { ...stored, representative };
  await appendAuditEvent(ctx, requestCreated(request));

  // Only a customer that is not accepted, and not already pending on another request, takes it.
  const claimed = await transitionCustomerMca(ctx, {
    customerId: customer._id,
    partnerId,
    to: 'pending',
    from: MAY_START_REQUEST,
    set: { 'mca.requestId': request._id },
    unset: ['mca.detail'],
  });
  if (!claimed.modified) {
    await moveRequest(ctx, { requestId: request._id, to: 'cancelled', detail: 'superseded by a concurrent request' });
    // The id named is the winner's, never this cancelled one: a campaign reading its own id back
    // here would count the customer as requested by it (issue 10's user run found 160 such).
    const winner = await ctx.models.customers.findById(customer._id, { 'mca.requestId': 1 }).lean();
    throw new AppError(
      'CONSENT_REQUEST_PENDING',
      'another consent request for this customer started at the same moment',
      winner?.mca.requestId && !winner.mca.requestId.equals(request._id) ? { requestId: winner.mca.requestId.toString() } : {},
    );
  }
  return request;
}

/** What the request's history says about a pre-check that did not answer. */
function precheckNote(ctx: Context, precheck: Precheck): string | undefined {
  if (precheck.kind === 'failed') return `Partner Center could not be asked whether Microsoft already has the acceptance: ${precheck.error}`;
  if (precheck.kind !== 'not-made') return undefined;
  return unconfirmedRelationshipNote(ctx.config.UNLOCK_POLICY, precheck.reason);
}

export async function getConsentRequest(ctx: Context, partnerId: Types.ObjectId, customerId: string, requestId: string) {
  const r = await ctx.models.consentRequests.findOne({ _id: requestId, partnerId, customerId }).lean();
  if (!r) throw notFound('consent request');
  return openRequest(ctx.vault, r);
}

/** Every request of a customer, oldest first, with its history (the operator's `mca customer show`). */
export async function listConsentRequests(ctx: Context, partnerId: Types.ObjectId, customerId: Types.ObjectId) {
  const rows = await ctx.models.consentRequests.find({ partnerId, customerId }).sort({ _id: 1 }).lean();
  return Promise.all(rows.map((r) => openRequest(ctx.vault, r)));
}

export async function cancelConsentRequest(ctx: Context, partnerId: Types.ObjectId, customerId: string, requestId: string) {
  const r = await getConsentRequest(ctx, partnerId, customerId, requestId);
  const moved = await cancelRequest(ctx, r._id, 'cancelled by the partner');
  if (!moved) throw new AppError('INVALID_STATE', `a ${r.status} request cannot be cancelled`);
  return openRequest(ctx.vault, moved);
}

/**
 * Ends a live request as cancelled, through the state machine, and has its DocuSign envelope
 * voided so the representative cannot sign it any more. Null when the request was not live.
 */
export async function cancelRequest(ctx: Context, requestId: Types.ObjectId, detail: string): Promise<StoredConsentRequest | null> {
  const moved = await moveRequest(ctx, { requestId, to: 'cancelled', detail });
  if (moved?.channel === 'docusign') await enqueue(ctx, 'docusign', { op: 'void', requestId: requestId.toString() });
  return moved;
}

/** Sends the request again (same reply address, new Message-ID), e.g. after a bounce was fixed. */
export async function resendConsentRequest(ctx: Context, partnerId: Types.ObjectId, customerId: string, requestId: string) {
  const r = await getConsentRequest(ctx, partnerId, customerId, requestId);
  const customer = await findCustomer(ctx, partnerId, customerId);
  if (customer.mca.status === 'accepted') throw new AppError('MCA_ALREADY_ACCEPTED', 'the customer has already accepted');
  if (!customer.mca.requestId?.equals(r._id)) throw new AppError('INVALID_STATE', 'a newer request replaced this one');
  const sendCount = r.sendCount + 1;
  const moved = await moveRequest(ctx, {
    requestId: r._id,
    to: 'queued',
    from: RESENDABLE_STATUSES.filter((s) => s === r.status),
    detail: 'resend requested by the partner',
    set: { sendCount },
  });
  if (!moved) throw new AppError('INVALID_STATE', `a ${r.status} request cannot be resent`);
  await enqueueDispatch(ctx, moved);
  return openRequest(ctx.vault, moved);
}

/** The request is already stored in the state the job acts on; a lost enqueue is the sweeper's. */
async function enqueueDispatch(ctx: Context, request: RequestFacts) {
  try {
    await enqueueSend(ctx.queues, request);
  } catch (err) {
    ctx.logger.warn({ err, channel: request.channel }, 'enqueue failed; the sweeper will pick the work up');
  }
}

/**
 * The first sends of many new requests in one round trip per queue (a campaign's batch): the
 * same jobs enqueueDispatch makes one at a time, so their ids dedup against each other.
 */
export async function enqueueFirstSends(ctx: Context, requests: Pick<ConsentRequest, '_id' | 'channel'>[]): Promise<void> {
  const docusign = requests.filter((r) => r.channel === 'docusign').map((r) => ({ op: 'send' as const, requestId: r._id.toString(), sendCount: 1 }));
  const email = requests.filter((r) => r.channel !== 'docusign').map((r) => ({ requestId: r._id.toString(), sendCount: 1 }));
  await Promise.all([ctx.queues.addBulk('docusign', docusign), ctx.queues.addBulk('dispatch-email', email)]);
}

/** Like enqueueDispatch, for the other jobs a partner's action starts. */
async function enqueue<Q extends QueueName>(ctx: Context, name: Q, payload: Payload<Q>) {
  try {
    await ctx.queues.add(name, payload);
  } catch (err) {
    ctx.logger.warn({ err, queue: name }, 'enqueue failed; the sweeper will pick the work up');
  }
}
