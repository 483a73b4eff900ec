import type { AuthVerdict, ReplyClassification } from '@mca/shared';

export type ReplyDecision =
  | { outcome: 'accepted' }
  | { outcome: 'declined' }
  | { outcome: 'needs-review'; reasons: string[] };

/**
 * The rule for a human reply, in one place. Consent needs all of: the representative's own
 * address, an authentic message, a clear "accept" that is not quoted text of ours. A decline
 * needs the same sender and authenticity (a forged "no" must not end a request either).
 * Everything else goes to the partner for review with the reasons.
 */
export function decideReply(input: {
  senderIsRepresentative: boolean;
  sender: string | undefined;
  auth: AuthVerdict;
  classification: ReplyClassification;
  quoteLeak: boolean;
}): ReplyDecision {
  const reasons: string[] = [];
  if (!input.senderIsRepresentative) reasons.push(`sender ${input.sender ?? '(none)'} is not the representative`);
  if (!input.auth.authentic) reasons.push(`message not authenticated (dkim=${input.auth.dkim} spf=${input.auth.spf} dmarc=${input.auth.dmarc})`);
  if (input.quoteLeak) reasons.push('the reply still contains text of our request (quote not recognised)');
  if (input.classification.verdict === 'unclear') reasons.push(`reply unclear: ${input.classification.reason}`);

  if (reasons.length === 0) {
    return input.classification.verdict === 'accept' ? { outcome: 'accepted' } : { outcome: 'declined' };
  }
  return { outcome: 'needs-review', reasons };
}
