import type { AutomatedMessage } from '@mca/inbound-email';
import { maskPersonalData } from '@mca/platform';
import type { ConsentRequest } from '@mca/core';
import type { CorrelationRoute } from './correlate-reply';

export type BounceCheck = { verified: true; detail: string } | { verified: false; reason: string };

/**
 * Whether a message that looks like a bounce may close its request. Anyone can write a
 * MAILER-DAEMON From or a "delivery failed" subject; what a forger cannot produce is our
 * secret bounce+<token> address, or a delivery report that returns a Message-ID we sent
 * (random) and names the representative as the recipient that failed.
 */
export function checkBounce(input: {
  via: CorrelationRoute;
  bounce: Extract<AutomatedMessage, { kind: 'bounce' }>;
  reportedMessageId?: string;
  request: Pick<ConsentRequest, 'messageIds' | 'representative'>;
}): BounceCheck {
  // A server's diagnostic quotes the address it refused: the detail goes to history, the chain and the partner, so addresses are masked.
  const reason = maskPersonalData(input.bounce.reason);
  if (input.via === 'bounce-address') return { verified: true, detail: `delivery failed: ${reason}` };

  const representative = input.request.representative.email.toLowerCase();
  const returnsOurs = input.reportedMessageId !== undefined && input.request.messageIds.includes(input.reportedMessageId);
  const failed = input.bounce.failedRecipients;
  if (returnsOurs && failed.includes(representative)) {
    return { verified: true, detail: `delivery failed (report returning our message): ${reason}` };
  }
  const why = !returnsOurs
    ? 'is not a delivery report that returns a message we sent'
    : failed.length === 0
      ? 'names no failed recipient'
      : `names ${failed.join(', ')}, not the representative, as failed`;
  return {
    verified: false,
    reason: `a delivery failure notice that is not verified (${input.bounce.reason}): it was not sent to the request's bounce address and ${why}`,
  };
}
