import type { AcceptanceFormCopy } from './types';

// British spelling, as in the consent email. Third person in the form (it is a record), second
// person in the email blurb (it is a request).
export const en: AcceptanceFormCopy = {
  title: 'Acceptance of the Microsoft Customer Agreement',
  intro: (v) =>
    `${v.partner} provides Microsoft cloud services to ${v.customer} and has prepared this document so that ${v.customer} can accept the Microsoft Customer Agreement (MCA). Microsoft requires this acceptance before ${v.partner} can order new licences or change licence quantities for the customer.`,
  customerHeading: 'Customer',
  companyLabel: 'Company',
  tenantIdLabel: 'Tenant ID',
  representativeHeading: 'Authorised representative',
  nameLabel: 'Name',
  emailLabel: 'Email',
  agreementHeading: 'Agreement',
  agreementTitleLabel: 'Title',
  linkLabel: 'Link',
  templateIdLabel: 'Template ID',
  languageCountryLabel: 'Language and country',
  checksumLabel: 'SHA-256 checksum',
  attachedNote: 'The full text of the agreement is attached and follows the signature section of this document.',
  linkedNote: 'The full text of the agreement is available at the link above.',
  declarationHeading: 'Declaration',
  declaration: (v) =>
    `By signing this document, I confirm that I have read the Microsoft Customer Agreement referenced above, that I am authorised to enter into agreements on behalf of ${v.customer}, and that I accept the agreement on behalf of ${v.customer}.`,
  record: (v) => `${v.partner} keeps the signed document as written confirmation of the acceptance.`,
  signatureLabel: 'Signature',
  fullNameLabel: 'Full name',
  dateLabel: 'Date',
  page: (n, total) => `Page ${n} of ${total}`,
  emailSubject: (v) => `Please sign: Microsoft Customer Agreement for ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, your provider of Microsoft cloud services, asks you to accept the Microsoft Customer Agreement on behalf of ${v.customer} by signing the document electronically. Please read the agreement before you sign.\n\nPlease sign only if you are authorised to enter into agreements on behalf of ${v.customer}. If you are not, please decline to sign and let ${v.partner} know who in your organisation should receive this request.`,
};
