import { newConsentMessageId } from '@mca/inbound-email';
import { currentSendMessageId, recordSendMessageId, type ConsentRequest, type Context } from '@mca/core';

/**
 * The Message-ID of the request's current send: drawn at random the first time, recorded on
 * the request (and in `messageIds`, which correlation reads) before the email leaves, and
 * reused by every retry of the same send, so a receiver sees one message however often the
 * job runs. Null when the request is no longer queued for this send (a stale job).
 */
export async function messageIdOfSend(ctx: Pick<Context, 'models' | 'config'>, request: ConsentRequest): Promise<string | null> {
  const { sendCount } = request;
  const drawn = currentSendMessageId(request);
  if (drawn) return drawn;
  const messageId = newConsentMessageId(ctx.config.REPLY_DOMAIN);
  const claimed = await ctx.models.consentRequests.updateOne(
    { _id: request._id, status: 'queued', sendCount, 'messageIdOfSend.sendCount': { $ne: sendCount } },
    recordSendMessageId(sendCount, messageId),
  );
  if (claimed.modifiedCount === 1) return messageId;
  // Another run of this job drew one first: use it.
  const current = await ctx.models.consentRequests.findById(request._id, { status: 1, sendCount: 1, messageIdOfSend: 1 }).lean();
  if (current?.status !== 'queued' || current.sendCount !== sendCount) return null;
  return currentSendMessageId(current) ?? null;
}
