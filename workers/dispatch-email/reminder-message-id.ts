import { newConsentMessageId } from '@mca/inbound-email';
import type { ConsentRequest, Context } from '@mca/core';

/**
 * The Message-ID of reminder `number` of the request's current send, like `messageIdOfSend`:
 * drawn once, recorded (in `messageIds`, so a reply to the reminder correlates by thread) with
 * the text it carries (`sentText`, so a quoted reminder is stripped from a reply) before it
 * leaves, and reused by a retry. Null when the request no longer waits for this reminder.
 */
export async function reminderMessageId(
  ctx: Pick<Context, 'models' | 'config'>,
  request: ConsentRequest,
  number: number,
  text: string,
): Promise<string | null> {
  const { sendCount } = request;
  const mine = (r: Pick<ConsentRequest, 'reminderOfSend'>) => r.reminderOfSend?.sendCount === sendCount && r.reminderOfSend.number === number;
  if (mine(request)) return request.reminderOfSend!.messageId;
  const messageId = newConsentMessageId(ctx.config.REPLY_DOMAIN);
  const sentText = request.sentText?.includes(text) ? request.sentText : [request.sentText, text].filter(Boolean).join('\n\n');
  const claimed = await ctx.models.consentRequests.updateOne(
    {
      _id: request._id,
      status: 'sent',
      sendCount,
      remindersSent: number - 1,
      // Compare-and-set on what was read: a racing run that drew an id first wins.
      ...(request.reminderOfSend ? { 'reminderOfSend.messageId': request.reminderOfSend.messageId } : { reminderOfSend: { $exists: false } }),
    },
    { $set: { reminderOfSend: { sendCount, number, messageId }, sentText }, $push: { messageIds: messageId } },
  );
  if (claimed.modifiedCount === 1) return messageId;
  const current = await ctx.models.consentRequests.findById(request._id, { status: 1, sendCount: 1, remindersSent: 1, reminderOfSend: 1 }).lean();
  if (!current || current.status !== 'sent' || current.sendCount !== sendCount || current.remindersSent !== number - 1 || !mine(current)) return null;
  return current.reminderOfSend!.messageId;
}
