import { UnrecoverableError } from 'bullmq';
import { EXPIRABLE_STATUSES, noAnswerWithin, notifyPartnerAboutRequest, moveRequest, type Context, type Payload } from '@mca/core';
import { RetryLaterError } from '@mca/platform';

/**
 * Ends send `sendCount` of a request that is still unanswered at its `expiresAt`, of any
 * channel: `expired`, the partner told (`consent.expired`) once, a DocuSign envelope voided.
 * The compare-and-set makes it once however the expiry arrives (this job, a retry, the
 * sweeper, DocuSign's own expiry reported over Connect).
 */
export async function expireRequest(ctx: Context, p: Payload<'expiry'>): Promise<void> {
  const request = await ctx.models.consentRequests.findById(p.requestId).lean();
  if (!request) throw new UnrecoverableError(`consent request ${p.requestId} does not exist`);
  if (request.sendCount !== p.sendCount || !request.expiresAt || !EXPIRABLE_STATUSES.includes(request.status)) return;
  if (ctx.now().getTime() < request.expiresAt.getTime()) throw new RetryLaterError('the request has not expired yet', request.expiresAt);

  const detail = noAnswerWithin(request.expiresAt.getTime() - (request.sentAt ?? request.createdAt).getTime());
  const moved = await moveRequest(ctx, { requestId: request._id, to: 'expired', from: EXPIRABLE_STATUSES, detail, unset: ['nextReminderAt'] });
  if (!moved) return;
  await notifyPartnerAboutRequest(ctx, moved, 'consent.expired', `${moved._id}:expired`, detail);
  if (moved.channel === 'docusign' && moved.envelopeId) await ctx.queues.add('docusign', { op: 'void', requestId: moved._id.toString() });
}
