import type { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError } from '@mca/platform';
import {
  appendAuditEvent,
  openRequest,
  openRaw,
  recordConsent,
  moveRequest,
  notifyPartnerAboutRequest,
  reviewDecided,
  type ConsentRequest,
  type Context,
  type InboundEmail,
} from '@mca/core';
import { parseInboundMessage } from '@mca/inbound-email';
import type { ReviewDecisionBody } from '../schemas';
import { findCustomer } from './customers';
import { getConsentRequest } from './consent-requests';

/** Enough of a reply for a person to decide on; the raw message stays the evidence. */
const SHOWN_REPLY_CHARS = 8_000;

/** The reply that put the request in review: the newest one the inbound worker sent there. */
export async function replyUnderReview(
  ctx: Context,
  request: ConsentRequest,
): Promise<{ inbound: InboundEmail; text: string; from?: string; messageId?: string } | undefined> {
  const inbound = await ctx.models.inboundEmails.findOne({ requestId: request._id, outcome: 'needs-review' }).sort({ receivedAt: -1 }).lean();
  if (!inbound) return undefined;
  try {
    const msg = await parseInboundMessage(await openRaw(ctx.vault, 'inbound-email', inbound));
    return { inbound, text: msg.text.slice(0, SHOWN_REPLY_CHARS), from: msg.from?.address, messageId: msg.messageId };
  } catch {
    return { inbound, text: '' };
  }
}

/**
 * The partner decides a reply the service would not decide alone. Accept records the reply as
 * the email consent (recordConsent: one record per customer, so a repeated or racing accept
 * finds the record it made) and moves the request to accepted; reject declines it. Both are
 * compare-and-set from needs-review: a request in any other status is 409.
 */
export async function reviewConsentRequest(
  ctx: Context,
  partnerId: Types.ObjectId,
  customerId: string,
  requestId: string,
  body: z.infer<typeof ReviewDecisionBody>,
): Promise<ConsentRequest> {
  const request = await getConsentRequest(ctx, partnerId, customerId, requestId);
  const notInReview = () => new AppError('INVALID_STATE', `a ${request.status} request cannot be reviewed; only a needs-review one can`);
  if (request.status !== 'needs-review') throw notInReview();

  if (body.decision === 'reject') {
    const detail = `rejected on review by the partner: ${body.note}`;
    const moved = await moveRequest(ctx, { requestId: request._id, to: 'declined', from: ['needs-review'], detail });
    if (!moved) throw notInReview();
    await appendAuditEvent(ctx, reviewDecided(moved, 'declined', reviewer(partnerId), body.note));
    // The feed and webhooks say how every request ended, whoever ended it: an ordering system
    // or CRM listening for consent.declined learns of this one too (once: keyed by the request).
    await notifyPartnerAboutRequest(ctx, moved, 'consent.declined', moved._id.toString(), detail);
    return openRequest(ctx.vault, moved);
  }

  const reply = await replyUnderReview(ctx, request);
  // The inbound worker moves the request before it marks the reply processed: for that moment there is no reply yet.
  if (!reply)
    throw new AppError(
      'INVALID_STATE',
      'no reply to accept (yet): the reply is still being processed, or this request went to review without one (then resend it or upload a signed copy)',
    );
  const customer = await findCustomer(ctx, partnerId, customerId);
  const { record } = await recordConsent(ctx, {
    partnerId,
    customerId: customer._id,
    tenantId: customer.tenantId,
    requestId: request._id,
    method: 'email',
    representative: request.representative,
    dateAgreed: reply.inbound.receivedAt,
    agreement: request.agreement,
    evidence: {
      kind: 'email',
      inboundEmailId: reply.inbound._id,
      messageId: reply.messageId,
      rawSha256: reply.inbound.sha256,
      // The service did not find the reply authentic enough to decide alone: the partner's note says why it counts.
      authentication: {
        source: 'partner-review',
        dkim: 'unknown',
        spf: 'unknown',
        dmarc: 'unknown',
        authentic: false,
        detail: reply.inbound.detail ?? 'sent to review',
      },
      replyText: reply.text,
      classification: `accepted on review by the partner: ${body.note}`,
    },
    via: 'api',
  });
  const ours = record.evidence.kind === 'email' && record.evidence.inboundEmailId.equals(reply.inbound._id);
  if (!ours) throw new AppError('MCA_ALREADY_ACCEPTED', `consent was already recorded (${record.method}) for this customer`);
  const moved = await moveRequest(ctx, {
    requestId: request._id,
    to: 'accepted',
    from: ['needs-review'],
    detail: `accepted on review by the partner: ${body.note}`,
  });
  if (!moved) throw notInReview();
  await appendAuditEvent(ctx, reviewDecided(moved, 'accepted', reviewer(partnerId), body.note));
  return openRequest(ctx.vault, moved);
}

/** Who decided, as the chain names readers and deciders: the partner's id (a person's name is not kept). */
const reviewer = (partnerId: Types.ObjectId) => `partner ${partnerId.toString()}`;
