import { UnrecoverableError } from 'bullmq';
import {
  acceptsReply,
  replyMovesFrom,
  appendAuditEvent,
  replyReceived,
  claimReviewNotice,
  customerFollowsRequest,
  notifyPartnerAboutRequest,
  recordConsent,
  moveRequest,
  isEmailOf,
  openRaw,
  openRequest,
  sealRawFor,
  type RequestFacts,
  type Context,
  type InboundEmail,
  type InboundOutcome,
  type Payload,
} from '@mca/core';
import {
  classifyReply,
  detectAutomatedMessage,
  extractReplyText,
  parseInboundMessage,
  verifyMessageAuthenticity,
  type InboundMessage,
  InboundMessageError,
  ReplyParseError,
} from '@mca/inbound-email';
import { failpoint, metrics } from '@mca/platform';
import { checkBounce } from './check-bounce';
import { correlateReply } from './correlate-reply';
import { decideReply } from './decide-reply';
import { countReplyParseAttempt, MAX_REPLY_PARSE_ATTEMPTS, OVER_BUDGET_REASON } from './reply-parse-attempts';

/**
 * Turns one stored inbound email into its effect on a consent request. The raw message is
 * already in Mongo; this job may run any number of times: every effect below is a
 * compare-and-set or a unique insert, and the message is marked processed last.
 */
export async function processInboundEmail(ctx: Context, payload: Payload<'inbound-email'>): Promise<void> {
  const inbound = await ctx.models.inboundEmails.findById(payload.inboundEmailId).lean();
  if (!inbound) throw new UnrecoverableError(`inbound email ${payload.inboundEmailId} does not exist`);
  if (inbound.status === 'processed') return;

  const raw = await openRaw(ctx.vault, 'inbound-email', inbound);
  let msg: InboundMessage;
  try {
    msg = await parseInboundMessage(raw);
  } catch (err) {
    // Retrying cannot make a broken message parse: keep it, say so, stop.
    if (err instanceof InboundMessageError) return markProcessed(ctx, inbound, 'unparseable', err.message, null);
    throw err;
  }
  const correlation = await correlateReply(ctx, msg);
  const finish = (outcome: InboundOutcome, detail: string) => markProcessed(ctx, inbound, outcome, detail, correlation?.request ?? null);

  const automated = detectAutomatedMessage(msg);
  if (automated.kind === 'auto-reply') return finish('auto-reply', automated.reason ?? 'automatic reply');
  if (!correlation) return finish('uncorrelated', 'no consent request matches the reply address or thread');
  // From here on the message is its customer's: erasing the customer reaches it.
  await sealRawFor(ctx.vault, 'inbound-email', ctx.models.inboundEmails, inbound, {
    customerId: correlation.request.customerId,
    partnerId: correlation.request.partnerId,
  });
  const request = await openRequest(ctx.vault, correlation.request);
  const review = async (detail: string) => {
    if (!acceptsReply(request, inbound)) return finish('request-closed', `${detail}; the request is already ${request.status}`);
    await moveRequest(ctx, { requestId: request._id, to: 'needs-review', from: replyMovesFrom('needs-review', request, inbound), detail });
    // Whoever can mail the reply address could flood the partner: one notice an hour, the rest in the history.
    const subjectKey = inbound._id.toString();
    if (await claimReviewNotice(ctx, request._id, subjectKey)) {
      await notifyPartnerAboutRequest(ctx, request, 'consent.needs_review', subjectKey, detail);
    }
    return finish('needs-review', detail);
  };

  if (msg.repeatedHeaders.length > 0) {
    // Two copies of From or Message-ID let one reader see one and another the other: trust neither.
    return review(`possibly tampered with: ${msg.repeatedHeaders.map((h) => `${h.name} appears ${h.count} times`).join(', ')}`);
  }
  if (automated.kind === 'bounce') {
    const bounce = checkBounce({ via: correlation.via, bounce: automated, reportedMessageId: msg.reportedMessageId, request });
    if (!bounce.verified) return review(bounce.reason);
    const moved = await moveRequest(ctx, { requestId: request._id, to: 'bounced', detail: bounce.detail });
    if (moved) await notifyPartnerAboutRequest(ctx, request, 'consent.needs_review', inbound._id.toString(), bounce.detail);
    return finish('bounced', bounce.detail);
  }
  if (!acceptsReply(request, inbound)) {
    // A retry after a crash between the request's move and the customer's finishes the customer.
    await customerFollowsRequest(ctx, request._id);
    return finish('request-closed', `the request is already ${request.status}`);
  }

  const sender = msg.from?.address;
  if (request.channel === 'microsoft') {
    // What counts is the acceptance on Microsoft's page (the poll sees it); a reply is for the partner to read.
    return review("a reply to the Microsoft acceptance email; a reply is not acceptance on Microsoft's side");
  }
  const senderIsRepresentative = await isEmailOf(ctx.vault, correlation.request.representative, sender);
  const auth = await verifyMessageAuthenticity(raw, msg, {
    authservId: ctx.config.INBOUND_AUTHSERV_ID,
    resolver: ctx.dnsResolver,
  });
  await appendAuditEvent(ctx, replyReceived(request, inbound, msg.messageId, auth));
  const attempt = await countReplyParseAttempt(ctx, inbound._id);
  if (attempt === undefined) return; // processed meanwhile by a racing job
  if (attempt > MAX_REPLY_PARSE_ATTEMPTS) {
    return review(`${OVER_BUDGET_REASON}: ${attempt - 1} attempts did not finish`);
  }
  failpoint('during-reply-parse');
  let reply;
  try {
    reply = await extractReplyText(msg.text, { sentText: request.sentText, budgetMs: ctx.config.REPLY_PARSE_BUDGET });
  } catch (err) {
    if (!(err instanceof ReplyParseError)) throw err;
    metrics.replyParseFailures.inc({ code: err.code });
    ctx.logger.warn({ inboundEmailId: inbound._id.toString(), attempt, code: err.code }, err.message);
    if (attempt < MAX_REPLY_PARSE_ATTEMPTS) throw err; // the job is retried
    return review(err.code === 'over-budget' ? `${OVER_BUDGET_REASON} (${attempt} attempts)` : `${err.message} (${attempt} attempts)`);
  }
  const classification = classifyReply(reply.text, {
    signerName: `${request.representative.firstName} ${request.representative.lastName}`,
  });
  const decision = decideReply({
    senderIsRepresentative,
    sender,
    auth,
    autoAcceptAuth: ctx.config.AUTO_ACCEPT_AUTH,
    classification,
    quoteLeak: reply.quoteLeak,
    crossCheck: reply.crossCheck,
    cut: reply.cut,
  });

  if (decision.outcome === 'accepted') {
    const customer = await ctx.models.customers.findById(request.customerId, { tenantId: 1 }).lean();
    if (!customer) throw new UnrecoverableError(`customer ${request.customerId} is gone`);
    const { record } = await recordConsent(ctx, {
      partnerId: request.partnerId,
      customerId: request.customerId,
      tenantId: customer.tenantId,
      requestId: request._id,
      method: 'email',
      representative: request.representative,
      dateAgreed: replyDate(msg.date, inbound.receivedAt, request.createdAt),
      agreement: request.agreement,
      evidence: {
        kind: 'email',
        inboundEmailId: inbound._id,
        messageId: msg.messageId,
        rawSha256: inbound.sha256,
        authentication: auth,
        replyText: reply.text,
        classification: `${classification.verdict}: ${classification.reason}`,
      },
      via: 'reply',
    });
    failpoint('after-consent-recorded');
    const ours = record.evidence.kind === 'email' && record.evidence.inboundEmailId.equals(inbound._id);
    if (!ours) return finish('request-closed', `consent was already recorded (${record.method}) from another message`);
    await moveRequest(ctx, {
      requestId: request._id,
      to: 'accepted',
      from: replyMovesFrom('accepted', request, inbound),
      detail: 'accepted by email reply from the representative',
    });
    return finish('accepted', classification.reason);
  }

  if (decision.outcome === 'declined') {
    const detail = `declined by email reply from ${senderIsRepresentative ? 'the representative' : 'another sender'}: ${classification.reason}`;
    const moved = await moveRequest(ctx, { requestId: request._id, to: 'declined', from: replyMovesFrom('declined', request, inbound), detail });
    if (moved) await notifyPartnerAboutRequest(ctx, request, 'consent.declined', request._id.toString(), detail);
    return finish('declined', detail);
  }

  return review(decision.reasons.join('; '));
}

/** The date of consent is the reply's own date, unless it is missing or implausible. */
function replyDate(sent: Date | undefined, receivedAt: Date, requestedAt: Date): Date {
  if (!sent || Number.isNaN(sent.getTime())) return receivedAt;
  if (sent.getTime() > receivedAt.getTime() + 5 * 60_000 || sent.getTime() < requestedAt.getTime() - 5 * 60_000) return receivedAt;
  return sent;
}

async function markProcessed(ctx: Context, inbound: InboundEmail, outcome: InboundOutcome, detail: string, request: RequestFacts | null): Promise<void> {
  const res = await ctx.models.inboundEmails.updateOne(
    { _id: inbound._id, status: 'received' },
    {
      $set: {
        status: 'processed',
        outcome,
        detail,
        processedAt: ctx.now(),
        // Mail that matched no request is nobody's evidence: kept for a while to be looked at, then deleted.
        ...(request ? { requestId: request._id } : { deleteAt: new Date(ctx.now().getTime() + ctx.config.INBOUND_UNCORRELATED_RETENTION) }),
      },
    },
  );
  if (res.modifiedCount === 1) {
    metrics.inboundEmails.inc({ outcome });
    const log = outcome === 'uncorrelated' || outcome === 'needs-review' ? ctx.logger.warn : ctx.logger.info;
    log.call(ctx.logger, { inboundEmailId: inbound._id.toString(), outcome, detail }, 'inbound email processed');
  }
}
