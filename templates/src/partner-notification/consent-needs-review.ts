import { paragraph } from '../render-blocks';
import { customerLabel, factRows } from './facts';
import type { PartnerEventContent, PartnerNotificationData } from './types';

export function consentNeedsReview(d: PartnerNotificationData): PartnerEventContent {
  const customer = customerLabel(d);
  return {
    subject: `Action needed: review the MCA reply from ${customer}`,
    blocks: [
      paragraph(`A reply to the Microsoft Customer Agreement (MCA) request for ${customer} could not be confirmed automatically and needs your review.`),
      { kind: 'facts', rows: factRows(d, 'Representative') },
      paragraph(
        'Please review the reply in the partner console and confirm or reject it. Until consent is confirmed, ordering for this customer stays locked.',
      ),
    ],
    consoleLinkLabel: 'Review the reply in the partner console',
  };
}
