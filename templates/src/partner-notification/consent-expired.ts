import { paragraph } from '../render-blocks';
import { customerLabel, factRows } from './facts';
import type { PartnerEventContent, PartnerNotificationData } from './types';

export function consentExpired(d: PartnerNotificationData): PartnerEventContent {
  const customer = customerLabel(d);
  return {
    subject: `MCA request expired for ${customer}`,
    blocks: [
      paragraph(`The Microsoft Customer Agreement (MCA) request for ${customer} has expired without being accepted. Ordering for this customer stays locked.`),
      { kind: 'facts', rows: factRows(d, 'Sent to') },
      paragraph('You can send a new request from the partner console, or check with the customer who should receive it.'),
    ],
    consoleLinkLabel: 'Open the customer in the partner console',
  };
}
