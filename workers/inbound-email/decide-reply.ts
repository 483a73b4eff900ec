import { cutReason, type AuthVerdict, type CrossCheck, type ExtractedReply, type ReplyClassification } from '@mca/inbound-email';
import type { Config } from '@mca/core';

export type ReplyDecision = { outcome: 'accepted' } | { outcome: 'declined' } | { outcome: 'needs-review'; reasons: string[] };

/**
 * The rule for a human reply, in one place. Consent needs all of: the representative's own
 * address, an authentic message, a clear "accept" that is not quoted text of ours. A decline
 * needs the same sender and authenticity (a forged "no" must not end a request either).
 * Authentic means DMARC-aligned DKIM under AUTO_ACCEPT_AUTH=dkim (SPF says only which host
 * handed the message over, and a shared sending service's host may carry anyone's mail);
 * aligned SPF counts too under `dmarc`. Everything else goes to the partner for review with
 * the reasons.
 */
export function decideReply(input: {
  senderIsRepresentative: boolean;
  sender: string | undefined;
  auth: AuthVerdict;
  autoAcceptAuth: Config['AUTO_ACCEPT_AUTH'];
  classification: ReplyClassification;
  quoteLeak: boolean;
  /** How email-reply-parser's cut compares with ours (a second opinion on the quote boundary). */
  crossCheck: CrossCheck;
  /** The body was too long to read whole: what was not read could change its meaning. */
  cut?: ExtractedReply['cut'];
}): ReplyDecision {
  const reasons: string[] = [];
  if (!input.senderIsRepresentative) reasons.push(input.sender ? 'the sender is not the representative' : 'the message names no sender');
  if (!input.auth.authentic) reasons.push(`message not authenticated (dkim=${input.auth.dkim} spf=${input.auth.spf} dmarc=${input.auth.dmarc})`);
  else if (input.autoAcceptAuth === 'dkim' && !input.auth.alignedDkimPass) {
    reasons.push('authenticated by SPF only: no DMARC-aligned DKIM signature (this service accepts automatically only on DKIM)');
  }
  if (input.cut) reasons.push(cutReason(input.cut));
  if (input.quoteLeak) reasons.push('the reply still contains text of our request (quote not recognised)');
  if (input.classification.verdict === 'unclear') reasons.push(`reply unclear: ${input.classification.reason}`);
  // The library stopped earlier than we did: we may have kept a quote header we do not know,
  // and an "accept" read from it would be our own text. Only a consent needs this certainty.
  if (input.classification.verdict === 'accept' && (input.crossCheck === 'library-cut-more' || input.crossCheck === 'differs')) {
    reasons.push(`quote boundary uncertain (email-reply-parser ${input.crossCheck})`);
  }

  if (reasons.length === 0) {
    return input.classification.verdict === 'accept' ? { outcome: 'accepted' } : { outcome: 'declined' };
  }
  return { outcome: 'needs-review', reasons };
}
