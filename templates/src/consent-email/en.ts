import type { ConsentEmailCopy } from './types';

export const en: ConsentEmailCopy = {
  subject: (v) => `Please accept the Microsoft Customer Agreement for ${v.customer}`,
  reminderSubject: (v) => `Reminder: please accept the Microsoft Customer Agreement for ${v.customer}`,
  greeting: (v) => `Dear ${v.firstName} ${v.lastName},`,
  reminder: 'This is a reminder of our earlier request, to which we have not yet received a reply.',
  intro: (v) =>
    `${v.partner}, your provider of Microsoft cloud services, asks you to accept the Microsoft Customer Agreement (MCA) on behalf of ${v.customer}.`,
  about: (v) =>
    `The Microsoft Customer Agreement sets out the terms for using Microsoft cloud services such as Microsoft 365 and Azure. Microsoft requires the customer to accept it before ${v.partner} can order new licences or change licence quantities for ${v.customer}. It only needs to be accepted once.`,
  readLinked: 'Please read the agreement before you reply:',
  readAttached: 'The agreement is attached to this email. Please read it before you reply. It is also available online:',
  authority: (v) =>
    `You may accept only if you are authorised to enter into agreements on behalf of ${v.customer}. If you are not, please do not accept; instead, let ${v.partner} know who in your organisation should receive this request.`,
  howToAccept: (v) => `To accept the agreement on behalf of ${v.customer}, reply to this email with exactly these words:`,
  notConsent: 'Any other reply, including “No”, does not count as acceptance of the agreement.',
  record: (v) => `${v.partner} keeps your reply, together with your name, email address and the date, as written confirmation of the acceptance.`,
  questions: (v) => `If you have any questions, please contact ${v.partner}.`,
  closing: 'Kind regards,',
};
