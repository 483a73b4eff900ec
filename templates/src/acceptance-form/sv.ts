import type { AcceptanceFormCopy } from './types';

// "för X" / "som företrädare för X" rather than a genitive: a name ending in "AB" would need
// "AB:s", which we cannot form reliably from an arbitrary name.
export const sv: AcceptanceFormCopy = {
  title: 'Godkännande av Microsoft-kundavtalet',
  intro: (v) =>
    `${v.partner} levererar Microsofts molntjänster till ${v.customer} och har upprättat det här dokumentet för att ${v.customer} ska kunna godkänna Microsoft-kundavtalet (Microsoft Customer Agreement, MCA). Microsoft kräver detta godkännande innan ${v.partner} kan beställa nya licenser eller ändra antalet licenser för kunden.`,
  customerHeading: 'Kund',
  companyLabel: 'Företag',
  tenantIdLabel: 'Klient-ID (tenant ID)',
  representativeHeading: 'Behörig företrädare',
  nameLabel: 'Namn',
  emailLabel: 'E-post',
  agreementHeading: 'Avtal',
  agreementTitleLabel: 'Titel',
  linkLabel: 'Länk',
  templateIdLabel: 'Mall-ID',
  languageCountryLabel: 'Språk och land',
  checksumLabel: 'SHA-256-kontrollsumma',
  attachedNote: 'Den fullständiga avtalstexten är bifogad och följer efter underskriftsavsnittet i det här dokumentet.',
  linkedNote: 'Den fullständiga avtalstexten finns tillgänglig via länken ovan.',
  declarationHeading: 'Försäkran',
  declaration: (v) =>
    `Genom att underteckna det här dokumentet bekräftar jag att jag har läst det ovan angivna Microsoft-kundavtalet, att jag har behörighet att ingå avtal för ${v.customer} och att jag som företrädare för ${v.customer} godkänner avtalet.`,
  record: (v) => `${v.partner} sparar det undertecknade dokumentet som skriftlig bekräftelse på godkännandet.`,
  signatureLabel: 'Underskrift',
  fullNameLabel: 'Fullständigt namn',
  dateLabel: 'Datum',
  page: (n, total) => `Sida ${n} av ${total}`,
  emailSubject: (v) => `För underskrift: Microsoft-kundavtalet för ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, som levererar Microsofts molntjänster till er, ber dig att som företrädare för ${v.customer} godkänna Microsoft-kundavtalet genom att underteckna dokumentet elektroniskt. Läs avtalet innan du undertecknar.\n\nUnderteckna bara om du har behörighet att ingå avtal för ${v.customer}. Om du inte har det ber vi dig att avböja att underteckna och i stället meddela ${v.partner} vem i organisationen som bör få den här förfrågan.`,
};
