import { isConsentMessageId, type InboundMessage } from '@mca/inbound-email';
import type { StoredConsentRequest, Context } from '@mca/core';

/** How a message found its request; a bounce is believed on some routes only (check-bounce.ts). */
export type CorrelationRoute = 'reply-address' | 'bounce-address' | 'thread' | 'returned-message';

export interface Correlation {
  request: StoredConsentRequest;
  via: CorrelationRoute;
}

/**
 * Finds the request a message belongs to, by a secret it can only know from our email. The
 * reply+<token> (or bounce+<token>) address in To or Cc is the primary key: it survives clients
 * that drop threading headers. In-Reply-To and References are the fallback for a reply sent to
 * our From address instead, and a delivery report's returned Message-ID for a bounce that
 * missed the VERP address (an SMTP relay that rewrites the envelope sender sends bounces to its
 * own account). Tokens (160 bits) and Message-IDs (128 bits) are random, so a thread header
 * proves as much as the token address: a reply correlated by thread alone may be accepted
 * like any other. Delivered-To and X-Original-To are not read: any hop, the sender's
 * included, writes them. Old-style ids (`consent-<request id>-<n>`) are guessable and ignored.
 */
export async function correlateReply(ctx: Pick<Context, 'models' | 'config'>, msg: InboundMessage): Promise<Correlation | null> {
  const domain = ctx.config.REPLY_DOMAIN.toLowerCase();
  const tokenPattern = new RegExp(`^(reply|bounce)\\+([a-f0-9]{40})@${domain.replace(/\./g, '\\.')}$`);
  for (const address of msg.addressees) {
    const [, kind, token] = tokenPattern.exec(address) ?? [];
    if (!token) continue;
    const byToken = await ctx.models.consentRequests.findOne({ replyToken: token }).lean();
    if (byToken) return { request: byToken, via: kind === 'bounce' ? 'bounce-address' : 'reply-address' };
  }
  const byThread = await findByMessageIds(ctx, [msg.inReplyTo, ...msg.references]);
  if (byThread) return { request: byThread, via: 'thread' };
  const byReturned = await findByMessageIds(ctx, [msg.reportedMessageId]);
  return byReturned ? { request: byReturned, via: 'returned-message' } : null;
}

async function findByMessageIds(ctx: Pick<Context, 'models'>, ids: Array<string | undefined>): Promise<StoredConsentRequest | null> {
  const ours = ids.filter((id): id is string => id !== undefined && isConsentMessageId(id));
  if (ours.length === 0) return null;
  return ctx.models.consentRequests.findOne({ messageIds: { $in: ours } }).lean();
}
