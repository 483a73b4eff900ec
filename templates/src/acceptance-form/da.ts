import type { AcceptanceFormCopy } from './types';

// "Lejer-id" is Microsoft's Danish term; "(tenant ID)" is what the IT staff know it as.
export const da: AcceptanceFormCopy = {
  title: 'Accept af Microsoft-kundeaftalen',
  intro: (v) =>
    `${v.partner} leverer Microsofts cloudtjenester til ${v.customer} og har udarbejdet dette dokument, så ${v.customer} kan acceptere Microsoft-kundeaftalen (Microsoft Customer Agreement, MCA). Microsoft kræver denne accept, før ${v.partner} kan bestille nye licenser eller ændre antallet af licenser for kunden.`,
  customerHeading: 'Kunde',
  companyLabel: 'Virksomhed',
  tenantIdLabel: 'Lejer-id (tenant ID)',
  representativeHeading: 'Bemyndiget repræsentant',
  nameLabel: 'Navn',
  emailLabel: 'E-mail',
  agreementHeading: 'Aftale',
  agreementTitleLabel: 'Titel',
  linkLabel: 'Link',
  templateIdLabel: 'Skabelon-id',
  languageCountryLabel: 'Sprog og land',
  checksumLabel: 'SHA-256-kontrolsum',
  attachedNote: 'Den fulde aftaletekst er vedhæftet og følger efter underskriftsafsnittet i dette dokument.',
  linkedNote: 'Den fulde aftaletekst er tilgængelig via linket ovenfor.',
  declarationHeading: 'Erklæring',
  declaration: (v) =>
    `Ved at underskrive dette dokument bekræfter jeg, at jeg har læst den ovenfor angivne Microsoft-kundeaftale, at jeg er bemyndiget til at indgå aftaler på vegne af ${v.customer}, og at jeg accepterer aftalen på vegne af ${v.customer}.`,
  record: (v) => `${v.partner} opbevarer det underskrevne dokument som skriftlig dokumentation for accepten.`,
  signatureLabel: 'Underskrift',
  fullNameLabel: 'Fulde navn',
  dateLabel: 'Dato',
  page: (n, total) => `Side ${n} af ${total}`,
  emailSubject: (v) => `Til underskrift: Microsoft-kundeaftalen for ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, som leverer Microsofts cloudtjenester til jer, beder dig om at acceptere Microsoft-kundeaftalen på vegne af ${v.customer} ved at underskrive dokumentet elektronisk. Læs venligst aftalen, før du underskriver.\n\nDu må kun underskrive, hvis du er bemyndiget til at indgå aftaler på vegne af ${v.customer}. Hvis du ikke er det, beder vi dig om at afvise at underskrive og i stedet give ${v.partner} besked om, hvem i virksomheden der bør modtage denne anmodning.`,
};
