import type { MicrosoftEmailCopy } from './types';

export const en: MicrosoftEmailCopy = {
  subject: (v) => `Please accept the Microsoft Customer Agreement for ${v.customer} on Microsoft's website`,
  reminderSubject: (v) => `Reminder: please accept the Microsoft Customer Agreement for ${v.customer} on Microsoft's website`,
  greeting: (v) => `Dear ${v.firstName} ${v.lastName},`,
  reminder: 'This is a reminder of our earlier request. Microsoft has not yet registered acceptance of the agreement.',
  intro: (v) =>
    `${v.partner}, your provider of Microsoft cloud services, asks you to accept the Microsoft Customer Agreement (MCA) on behalf of ${v.customer}. The agreement is accepted on Microsoft's website.`,
  afterWrittenConsent: (v) =>
    `Thank you for the written confirmation ${v.partner} has already received from you. Microsoft also requires the agreement to be accepted on its own website; this is the only step left.`,
  why: (v) =>
    `Microsoft requires the customer to accept the agreement before ${v.partner} can order new licences or change licence quantities for ${v.customer}. It only needs to be accepted once.`,
  attestationLink: (_v, validUntil) =>
    `Please use the link below to accept the agreement. You do not need to sign in.${validUntil === undefined ? '' : ` The link is valid until ${validUntil}.`}`,
  adminCenter: (v) =>
    `The agreement is accepted in the Microsoft 365 admin center. Sign in with an account that is a Global administrator or Billing administrator in the Microsoft tenant of ${v.customer}, and go to Billing > Billing accounts > Agreements. The link below takes you straight to that page.`,
  acceptLabel: 'Accept the Microsoft Customer Agreement',
  authority: (v) =>
    `Please accept only if you are authorised to enter into agreements on behalf of ${v.customer}. If you are not, please let ${v.partner} know who in your organisation should receive this request.`,
  readLinked: 'You can read the agreement here:',
  readAttached: 'The agreement is attached to this email and is also available here:',
  replyIsNotAcceptance: "Please note that replying to this email does not count as acceptance. The agreement can only be accepted on Microsoft's website.",
  partnerInformed: (v) => `${v.partner} will be informed automatically once Microsoft has registered the acceptance.`,
  questions: (v) => `If you have any questions, please contact ${v.partner}.`,
  closing: 'Kind regards,',
};
