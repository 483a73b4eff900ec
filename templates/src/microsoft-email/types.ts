export interface MicrosoftEmailInput {
  customerName: string;
  partnerName: string;
  representative: { firstName: string; lastName: string };
  /** Where the customer accepts: Microsoft's enhanced-attestation link or the admin center link. */
  acceptance: { kind: 'attestation-link'; url: string; expiresAt?: Date } | { kind: 'admin-center'; url: string };
  /** The agreement from our catalogue, linked for reading (and attached when `attached`). */
  agreement: { url: string; title: string; attached: boolean };
  /** True when the customer already gave the partner written consent (email/DocuSign/paper) and Microsoft's own step is what is left. */
  afterWrittenConsent: boolean;
  kind: 'request' | 'reminder';
}

/** The input's names, each collapsed to one line, as the sentences interpolate them. */
export interface MicrosoftCopyValues {
  customer: string;
  partner: string;
  firstName: string;
  lastName: string;
}

/**
 * One locale's wording of the email asking the customer to accept the MCA on Microsoft's own
 * page, in reading order. Plain text only: the renderer escapes for HTML.
 *
 * No string may contain any locale's ACCEPT_PHRASES (consent-email/accept-phrases.ts), not
 * even inside a longer word: a reply quoting this email must never read as an email consent.
 * The email never asks for a reply; acceptance happens on Microsoft's page only.
 */
export interface MicrosoftEmailCopy {
  subject(v: MicrosoftCopyValues): string;
  /** Starts with the locale's "Reminder:": many clients show only the first words. */
  reminderSubject(v: MicrosoftCopyValues): string;
  greeting(v: MicrosoftCopyValues): string;
  /** First paragraph of a reminder, straight after the greeting. */
  reminder: string;
  /** Who asks, for which company, for what, and that it happens on Microsoft's page. */
  intro(v: MicrosoftCopyValues): string;
  /** Only after written consent: thanks, and Microsoft's own step is the one left. */
  afterWrittenConsent(v: MicrosoftCopyValues): string;
  /** Why Microsoft requires it (ordering, licence quantities); once only. */
  why(v: MicrosoftCopyValues): string;
  /**
   * Lead-in to Microsoft's enhanced-attestation link: no sign-in needed; `validUntil` is the
   * expiry date already formatted for the locale, or undefined when unknown.
   */
  attestationLink(v: MicrosoftCopyValues, validUntil: string | undefined): string;
  /** Lead-in to the admin center link: who may sign in, and where the agreement is. */
  adminCenter(v: MicrosoftCopyValues): string;
  /** Label of the acceptance link. */
  acceptLabel: string;
  /** The reader must be authorised to bind the company; what to do if not. */
  authority(v: MicrosoftCopyValues): string;
  /** Lead-in to the agreement link when the agreement is only linked. */
  readLinked: string;
  /** Lead-in to the agreement link when the PDF is attached as well. */
  readAttached: string;
  /** A reply to this email is not acceptance; only Microsoft's page counts. */
  replyIsNotAcceptance: string;
  /** The partner hears automatically once Microsoft registers the acceptance. */
  partnerInformed(v: MicrosoftCopyValues): string;
  questions(v: MicrosoftCopyValues): string;
  /** Sign-off line; the partner's name follows on the next line. */
  closing: string;
}
