import { newConsentMessageId } from '@mca/inbound-email';
import type { ConsentRequest, Context } from '@mca/core';

/**
 * The Message-ID of the request's current send: drawn at random the first time, recorded on
 * the request (and in `messageIds`, which correlation reads) before the email leaves, and
 * reused by every retry of the same send, so a receiver sees one message however often the
 * job runs. Null when the request is no longer queued for this send (a stale job).
 */
export async function messageIdOfSend(ctx: Pick<Context, 'models' | 'config'>, request: ConsentRequest): Promise<string | null> {
  const { sendCount } = request;
  if (request.messageIdOfSend?.sendCount === sendCount) return request.messageIdOfSend.messageId;
  const messageId = newConsentMessageId(ctx.config.REPLY_DOMAIN);
  const claimed = await ctx.models.consentRequests.updateOne(
    { _id: request._id, status: 'queued', sendCount, 'messageIdOfSend.sendCount': { $ne: sendCount } },
    { $set: { messageIdOfSend: { sendCount, messageId } }, $push: { messageIds: messageId } },
  );
  if (claimed.modifiedCount === 1) return messageId;
  // Another run of this job drew one first: use it.
  const current = await ctx.models.consentRequests.findById(request._id, { status: 1, sendCount: 1, messageIdOfSend: 1 }).lean();
  if (current?.status !== 'queued' || current.sendCount !== sendCount || current.messageIdOfSend?.sendCount !== sendCount) return null;
  return current.messageIdOfSend.messageId;
}
