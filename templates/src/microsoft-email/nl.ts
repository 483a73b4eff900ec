import type { MicrosoftEmailCopy } from './types';

// Formal "u"; "als vertegenwoordiger van X" as in the consent email. Never "ik ga akkoord"
// (the email accept phrase). Admin center names follow Microsoft's Dutch UI.
export const nl: MicrosoftEmailCopy = {
  subject: (v) => `Verzoek om via Microsoft akkoord te gaan met de Microsoft-klantovereenkomst voor ${v.customer}`,
  reminderSubject: (v) => `Herinnering: verzoek om via Microsoft akkoord te gaan met de Microsoft-klantovereenkomst voor ${v.customer}`,
  greeting: (v) => `Geachte ${v.firstName} ${v.lastName},`,
  reminder: 'Dit is een herinnering aan ons eerdere verzoek. Microsoft heeft nog geen akkoord met de overeenkomst geregistreerd.',
  intro: (v) =>
    `${v.partner}, uw leverancier van Microsoft-clouddiensten, vraagt u om als vertegenwoordiger van ${v.customer} akkoord te gaan met de Microsoft-klantovereenkomst (Microsoft Customer Agreement, MCA). Dat doet u op de website van Microsoft.`,
  afterWrittenConsent: (v) =>
    `Hartelijk dank voor de schriftelijke bevestiging die ${v.partner} al van u heeft ontvangen. Microsoft vereist daarnaast dat u op de eigen website van Microsoft akkoord gaat met de overeenkomst; dit is de enige stap die nog openstaat.`,
  why: (v) =>
    `Microsoft vereist dat de klant met de overeenkomst akkoord is gegaan voordat ${v.partner} nieuwe licenties kan bestellen of het aantal licenties voor ${v.customer} kan wijzigen. Dit hoeft maar één keer.`,
  attestationLink: (_v, validUntil) =>
    `Gebruik de onderstaande link om akkoord te gaan met de overeenkomst. U hoeft zich niet aan te melden.${validUntil === undefined ? '' : ` De link is geldig tot ${validUntil}.`}`,
  adminCenter: (v) =>
    `U gaat akkoord in het Microsoft 365-beheercentrum. Meld u aan met een account dat globale beheerder of factureringsbeheerder is in de Microsoft-tenant van ${v.customer} en ga naar Facturering > Factureringsaccounts > Overeenkomsten. De onderstaande link brengt u rechtstreeks naar die pagina.`,
  acceptLabel: 'Akkoord gaan met de Microsoft-klantovereenkomst',
  authority: (v) =>
    `U kunt alleen akkoord gaan als u bevoegd bent om namens ${v.customer} overeenkomsten aan te gaan. Is dat niet het geval, laat ${v.partner} dan weten wie binnen uw organisatie dit verzoek moet ontvangen.`,
  readLinked: 'U kunt de overeenkomst hier lezen:',
  readAttached: 'De overeenkomst is als bijlage bij deze e-mail gevoegd en is ook hier te vinden:',
  replyIsNotAcceptance:
    'Let op: een antwoord op deze e-mail geldt niet als akkoord met de overeenkomst. U kunt alleen op de website van Microsoft akkoord gaan.',
  partnerInformed: (v) => `Zodra Microsoft het akkoord heeft geregistreerd, ontvangt ${v.partner} daarover automatisch bericht.`,
  questions: (v) => `Neem bij vragen contact op met ${v.partner}.`,
  closing: 'Met vriendelijke groet,',
};
