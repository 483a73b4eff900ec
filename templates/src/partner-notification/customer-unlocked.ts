import { paragraph } from '../render-blocks';
import { customerLabel, factRows } from './facts';
import type { PartnerEventContent, PartnerNotificationData } from './types';

export function customerUnlocked(d: PartnerNotificationData): PartnerEventContent {
  const customer = customerLabel(d);
  return {
    subject: `MCA accepted: ordering unlocked for ${customer}`,
    blocks: [
      paragraph(
        `${customerLabel(d, true)} has accepted the Microsoft Customer Agreement (MCA), and the tenant is now unlocked for ordering. You can place new orders and change licence quantities for this customer as usual; the acceptance does not need to be renewed.`,
      ),
      { kind: 'facts', rows: factRows(d, 'Accepted by') },
      paragraph('The consent record and its evidence are kept by the MCA consent service.'),
    ],
    consoleLinkLabel: 'View the consent record in the partner console',
  };
}
