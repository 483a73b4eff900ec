import type { Block } from '../render-blocks';

/** The same names as the partner webhook events, so one event drives both channels. */
export const PARTNER_EVENTS = ['customer.unlocked', 'consent.declined', 'consent.needs_review', 'consent.expired'] as const;

export type PartnerEvent = (typeof PARTNER_EVENTS)[number];

export interface PartnerNotificationData {
  /** Absent for a confidential customer: the email then names it by its tenant id only. */
  customerName?: string;
  tenantId: string;
  representative?: { firstName: string; lastName: string; email: string };
  acceptedAt?: Date;
  /** Consent channel: email, docusign, microsoft, attestation (others are shown as given). */
  method?: string;
  /** Why it was declined or needs review, in words a partner can act on. */
  reason?: string;
  /** Deep link to the customer (or request) in the partner console. */
  consoleUrl: string;
}

/** What one event contributes; index.ts adds the console link and footer. */
export interface PartnerEventContent {
  subject: string;
  blocks: Block[];
  consoleLinkLabel: string;
}
