import type { AcceptanceFormCopy } from './types';

// Formal "u". "Aanvaarding" in the form (a legal record); the blurb keeps the email's
// "akkoord gaan met", which reads more naturally in a request.
export const nl: AcceptanceFormCopy = {
  title: 'Aanvaarding van de Microsoft-klantovereenkomst',
  intro: (v) =>
    `${v.partner} levert Microsoft-clouddiensten aan ${v.customer} en heeft dit document opgesteld zodat ${v.customer} de Microsoft-klantovereenkomst (Microsoft Customer Agreement, MCA) kan aanvaarden. Microsoft vereist deze aanvaarding voordat ${v.partner} nieuwe licenties kan bestellen of het aantal licenties voor de klant kan wijzigen.`,
  customerHeading: 'Klant',
  companyLabel: 'Organisatie',
  tenantIdLabel: 'Tenant-id',
  representativeHeading: 'Bevoegde vertegenwoordiger',
  nameLabel: 'Naam',
  emailLabel: 'E-mail',
  agreementHeading: 'Overeenkomst',
  agreementTitleLabel: 'Titel',
  linkLabel: 'Link',
  templateIdLabel: 'Sjabloon-id',
  languageCountryLabel: 'Taal en land',
  checksumLabel: 'SHA-256-controlesom',
  attachedNote: 'De volledige tekst van de overeenkomst is bijgevoegd en volgt na het ondertekeningsgedeelte van dit document.',
  linkedNote: 'De volledige tekst van de overeenkomst is beschikbaar via de bovenstaande link.',
  declarationHeading: 'Verklaring',
  declaration: (v) =>
    `Door dit document te ondertekenen, bevestig ik dat ik de hierboven vermelde Microsoft-klantovereenkomst heb gelezen, dat ik bevoegd ben om namens ${v.customer} overeenkomsten aan te gaan, en dat ik de overeenkomst namens ${v.customer} aanvaard.`,
  record: (v) => `${v.partner} bewaart het ondertekende document als schriftelijke bevestiging van de aanvaarding.`,
  signatureLabel: 'Handtekening',
  fullNameLabel: 'Volledige naam',
  dateLabel: 'Datum',
  page: (n, total) => `Pagina ${n} van ${total}`,
  emailSubject: (v) => `Ter ondertekening: Microsoft-klantovereenkomst voor ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, uw leverancier van Microsoft-clouddiensten, vraagt u om als vertegenwoordiger van ${v.customer} akkoord te gaan met de Microsoft-klantovereenkomst door het document elektronisch te ondertekenen. Lees de overeenkomst voordat u ondertekent.\n\nOnderteken alleen als u bevoegd bent om namens ${v.customer} overeenkomsten aan te gaan. Is dat niet het geval, weiger dan te ondertekenen en laat ${v.partner} weten wie binnen uw organisatie dit verzoek moet ontvangen.`,
};
