import { paragraph, renderBlocks } from '../render-blocks';
import type { RenderedEmail } from '../rendered-email';
import { consentDeclined } from './consent-declined';
import { consentExpired } from './consent-expired';
import { consentNeedsReview } from './consent-needs-review';
import { customerUnlocked } from './customer-unlocked';
import type { PartnerEvent, PartnerEventContent, PartnerNotificationData } from './types';

export { PARTNER_EVENTS } from './types';
export type { PartnerEvent, PartnerNotificationData } from './types';

/** A full record, so a new event without its template fails to compile. */
const BUILDERS: Readonly<Record<PartnerEvent, (d: PartnerNotificationData) => PartnerEventContent>> = {
  'customer.unlocked': customerUnlocked,
  'consent.declined': consentDeclined,
  'consent.needs_review': consentNeedsReview,
  'consent.expired': consentExpired,
};

/** The email to the partner's notify address for one event, in English (partners' working language). */
export function renderPartnerNotification(event: PartnerEvent, data: PartnerNotificationData): RenderedEmail {
  const content = BUILDERS[event](data);
  return renderBlocks('en', content.subject, [
    ...content.blocks,
    { kind: 'link', label: content.consoleLinkLabel, href: data.consoleUrl.trim() },
    paragraph('This message was sent automatically by the MCA consent service.'),
  ]);
}
