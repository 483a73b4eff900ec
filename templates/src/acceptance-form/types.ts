export interface AcceptanceFormInput {
  customerName: string;
  /** The customer's Microsoft Entra tenant id. */
  tenantId: string;
  partnerName: string;
  representative: { firstName: string; lastName: string; email: string };
  /** From findAgreement: `sha256` is the attached PDF's when one is attached, else the reference's. */
  agreement: { title: string; url: string; templateId: string; sha256: string; language: string; country: string };
}

/** The input's names, each on one line and limited to what the PDF fonts can show. */
export interface FormValues {
  customer: string;
  partner: string;
}

/**
 * One locale's wording of the acceptance form and of the DocuSign email that carries it.
 * Plain text in the PDF's standard fonts (WinAnsi): the tests render every locale, so a
 * character the fonts cannot show fails there, not in a customer's envelope.
 */
export interface AcceptanceFormCopy {
  /** Heading of the page and the PDF's title. */
  title: string;
  /** Who prepared the document, for which company, and why Microsoft needs it. */
  intro(v: FormValues): string;
  customerHeading: string;
  companyLabel: string;
  tenantIdLabel: string;
  representativeHeading: string;
  nameLabel: string;
  emailLabel: string;
  agreementHeading: string;
  agreementTitleLabel: string;
  linkLabel: string;
  templateIdLabel: string;
  languageCountryLabel: string;
  checksumLabel: string;
  /** Under the agreement facts when the operator's PDF follows the signature section. */
  attachedNote: string;
  /** Under the agreement facts when only the link presents the agreement. */
  linkedNote: string;
  declarationHeading: string;
  /** What the signature means: read, authorised, accepts on the company's behalf. */
  declaration(v: FormValues): string;
  /** What is kept as evidence (transparency towards the signer). */
  record(v: FormValues): string;
  signatureLabel: string;
  fullNameLabel: string;
  dateLabel: string;
  /** Footer page number among the acceptance pages, e.g. "Page 1 of 2". */
  page(n: number, total: number): string;
  /** DocuSign caps the subject at 100 characters; renderDocuSignEmail shortens the name to fit. */
  emailSubject(v: FormValues): string;
  /** Shown in DocuSign's email above its own "Review document" button. Must not repeat the accept phrase. */
  emailBlurb(v: FormValues): string;
}
