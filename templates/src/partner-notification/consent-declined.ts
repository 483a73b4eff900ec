import { paragraph } from '../render-blocks';
import { customerLabel, factRows, representativeName } from './facts';
import type { PartnerEventContent, PartnerNotificationData } from './types';

export function consentDeclined(d: PartnerNotificationData): PartnerEventContent {
  const customer = customerLabel(d);
  const who = representativeName(d);
  const opening = who
    ? `${who} has declined the Microsoft Customer Agreement (MCA) on behalf of ${customer}.`
    : `The Microsoft Customer Agreement (MCA) has been declined on behalf of ${customer}.`;
  return {
    subject: `MCA declined by ${customer}`,
    blocks: [
      paragraph(
        `${opening} Ordering for this customer stays locked: you cannot place new orders or change licence quantities until the agreement is accepted.`,
      ),
      { kind: 'facts', rows: factRows(d, 'Declined by') },
      paragraph('Please contact the customer to clarify. When they are ready to accept, you can send a new request from the partner console.'),
    ],
    consoleLinkLabel: 'Open the customer in the partner console',
  };
}
