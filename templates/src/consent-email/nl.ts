import type { ConsentEmailCopy } from './types';

// Formal "u". "als vertegenwoordiger van X" avoids reading "vraagt u namens X" as the
// partner asking on the customer's behalf.
export const nl: ConsentEmailCopy = {
  subject: (v) => `Verzoek om akkoord met de Microsoft-klantovereenkomst voor ${v.customer}`,
  reminderSubject: (v) => `Herinnering: verzoek om akkoord met de Microsoft-klantovereenkomst voor ${v.customer}`,
  greeting: (v) => `Geachte ${v.firstName} ${v.lastName},`,
  reminder: 'Dit is een herinnering aan ons eerdere verzoek, waarop wij nog geen antwoord hebben ontvangen.',
  intro: (v) =>
    `${v.partner}, uw leverancier van Microsoft-clouddiensten, vraagt u om als vertegenwoordiger van ${v.customer} akkoord te gaan met de Microsoft-klantovereenkomst (Microsoft Customer Agreement, MCA).`,
  about: (v) =>
    `De Microsoft-klantovereenkomst bevat de voorwaarden voor het gebruik van Microsoft-clouddiensten, zoals Microsoft 365 en Azure. Microsoft vereist dat de klant met de overeenkomst akkoord is gegaan voordat ${v.partner} nieuwe licenties kan bestellen of het aantal licenties voor ${v.customer} kan wijzigen. Dit hoeft maar één keer.`,
  readLinked: 'Lees de overeenkomst voordat u antwoordt:',
  readAttached: 'De overeenkomst is als bijlage bij deze e-mail gevoegd. Lees deze voordat u antwoordt. U vindt de overeenkomst ook online:',
  authority: (v) =>
    `U kunt alleen akkoord gaan als u bevoegd bent om namens ${v.customer} overeenkomsten aan te gaan. Is dat niet het geval, ga dan niet akkoord, maar laat ${v.partner} weten wie binnen uw organisatie dit verzoek moet ontvangen.`,
  howToAccept: (v) => `Om namens ${v.customer} akkoord te gaan met de overeenkomst, beantwoordt u deze e-mail met precies deze woorden:`,
  notConsent: 'Elk ander antwoord, ook ‘Nee’, geldt niet als akkoord met de overeenkomst.',
  record: (v) => `${v.partner} bewaart uw antwoord, samen met uw naam, e-mailadres en de datum, als schriftelijke bevestiging van uw akkoord.`,
  questions: (v) => `Neem bij vragen contact op met ${v.partner}.`,
  closing: 'Met vriendelijke groet,',
};
