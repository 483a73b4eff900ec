import type { ConsentRequest, Context } from '@mca/shared';
import type { InboundMessage } from '@mca/shared';

/**
 * Finds the request a reply belongs to. The reply+<token> (or bounce+<token>) address is
 * the primary key: it survives clients that drop threading headers. In-Reply-To and
 * References are the fallback for a reply sent to our From address instead, and a delivery
 * report's returned Message-ID for a bounce that missed the VERP address (an SMTP relay
 * that rewrites the envelope sender sends bounces to its own account).
 */
export async function correlateReply(
  ctx: Pick<Context, 'models' | 'config'>,
  msg: InboundMessage,
): Promise<ConsentRequest | null> {
  const domain = ctx.config.REPLY_DOMAIN.toLowerCase();
  const tokenPattern = new RegExp(`^(?:reply|bounce)\\+([a-f0-9]{40})@${domain.replace(/\./g, '\\.')}$`);
  for (const address of msg.recipients) {
    const token = tokenPattern.exec(address)?.[1];
    if (!token) continue;
    const byToken = await ctx.models.consentRequests.findOne({ replyToken: token }).lean();
    if (byToken) return byToken;
  }
  const threadIds = [msg.inReplyTo, ...msg.references, msg.reportedMessageId].filter((id): id is string => Boolean(id));
  if (threadIds.length === 0) return null;
  return ctx.models.consentRequests.findOne({ messageIds: { $in: threadIds } }).lean();
}
