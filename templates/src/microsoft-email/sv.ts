import type { MicrosoftEmailCopy } from './types';

// "du" and "som företrädare för X" as in the consent email. Never "jag godkänner" (the email
// accept phrase). Admin center names follow Microsoft's Swedish UI.
export const sv: MicrosoftEmailCopy = {
  subject: (v) => `Begäran om godkännande av Microsoft-kundavtalet för ${v.customer} hos Microsoft`,
  reminderSubject: (v) => `Påminnelse: begäran om godkännande av Microsoft-kundavtalet för ${v.customer} hos Microsoft`,
  greeting: (v) => `Hej ${v.firstName} ${v.lastName},`,
  reminder: 'Detta är en påminnelse om vår tidigare förfrågan. Microsoft har ännu inte registrerat något godkännande av avtalet.',
  intro: (v) =>
    `${v.partner}, som levererar Microsofts molntjänster till er, ber dig att som företrädare för ${v.customer} godkänna Microsoft-kundavtalet (Microsoft Customer Agreement, MCA). Avtalet godkänns på Microsofts webbplats.`,
  afterWrittenConsent: (v) =>
    `Tack för den skriftliga bekräftelse som ${v.partner} redan har fått från er. Microsoft kräver dessutom att avtalet godkänns på Microsofts egen webbplats, och det är det enda steg som återstår.`,
  why: (v) =>
    `Microsoft kräver att kunden har godkänt avtalet innan ${v.partner} kan beställa nya licenser eller ändra antalet licenser för ${v.customer}. Avtalet behöver bara godkännas en gång.`,
  attestationLink: (_v, validUntil) =>
    `Använd länken nedan för att godkänna avtalet. Du behöver inte logga in.${validUntil === undefined ? '' : ` Länken är giltig till ${validUntil}.`}`,
  adminCenter: (v) =>
    `Avtalet godkänns i administrationscentret för Microsoft 365. Logga in med ett konto som är global administratör eller faktureringsadministratör i Microsoft-klientorganisationen för ${v.customer} och gå till Fakturering > Faktureringskonton > Avtal. Länken nedan tar dig direkt till den sidan.`,
  acceptLabel: 'Godkänn Microsoft-kundavtalet',
  authority: (v) =>
    `Du får bara godkänna avtalet om du har behörighet att ingå avtal för ${v.customer}. Om du inte har det ber vi dig att i stället meddela ${v.partner} vem i organisationen som bör få den här förfrågan.`,
  readLinked: 'Du kan läsa avtalet här:',
  readAttached: 'Avtalet är bifogat i det här e-postmeddelandet och finns även tillgängligt här:',
  replyIsNotAcceptance:
    'Observera att ett svar på det här e-postmeddelandet inte räknas som ett godkännande av avtalet. Avtalet kan bara godkännas på Microsofts webbplats.',
  partnerInformed: (v) => `${v.partner} får automatiskt besked när Microsoft har registrerat godkännandet.`,
  questions: (v) => `Kontakta gärna ${v.partner} om du har frågor.`,
  closing: 'Med vänliga hälsningar',
};
