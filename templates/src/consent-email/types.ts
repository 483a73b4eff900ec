export interface ConsentEmailInput {
  customerName: string;
  partnerName: string;
  representative: { firstName: string; lastName: string };
  /** The document from the agreement catalogue; `attached` when its PDF goes along. */
  agreement: { url: string; title: string; attached: boolean };
  kind: 'request' | 'reminder';
}

/** The input's names, each collapsed to one line, as the sentences interpolate them. */
export interface CopyValues {
  customer: string;
  partner: string;
  firstName: string;
  lastName: string;
}

/**
 * One locale's wording of the consent email, in reading order. Plain text only: the renderer
 * escapes for HTML. The accept phrase is not here: it comes from ACCEPT_PHRASES so the email
 * and the reply classifier can never disagree, and no sentence may repeat it (a quoted
 * original in a reply must contain it once, in its own line).
 */
export interface ConsentEmailCopy {
  subject(v: CopyValues): string;
  /** Must say it is a reminder, near the start: many clients show only the first words. */
  reminderSubject(v: CopyValues): string;
  greeting(v: CopyValues): string;
  /** First paragraph of a reminder, straight after the greeting. */
  reminder: string;
  /** Who asks, for which company, for what. */
  intro(v: CopyValues): string;
  /** What the MCA is and why it is needed now. */
  about(v: CopyValues): string;
  /** Lead-in to the link when the agreement is only linked. */
  readLinked: string;
  /** Lead-in to the link when the PDF is attached as well. */
  readAttached: string;
  /** The reader must be authorised to bind the company; what to do if not. */
  authority(v: CopyValues): string;
  /** Lead-in to the accept phrase, which follows on its own line. */
  howToAccept(v: CopyValues): string;
  /** Anything else, including "no", is not consent. */
  notConsent: string;
  /** What is kept as evidence (transparency towards the person whose data it is). */
  record(v: CopyValues): string;
  questions(v: CopyValues): string;
  /** Sign-off line; the partner's name follows on the next line. */
  closing: string;
}
