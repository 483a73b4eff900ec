import type { AcceptanceFormCopy } from './types';

// Bokmål. "Leier-ID" is Microsoft's Norwegian term; "(tenant ID)" is what the IT staff know it as.
export const nb: AcceptanceFormCopy = {
  title: 'Godkjenning av Microsoft-kundeavtalen',
  intro: (v) =>
    `${v.partner} leverer Microsofts skytjenester til ${v.customer} og har utarbeidet dette dokumentet slik at ${v.customer} kan godta Microsoft-kundeavtalen (Microsoft Customer Agreement, MCA). Microsoft krever at avtalen er godtatt før ${v.partner} kan bestille nye lisenser eller endre antall lisenser for kunden.`,
  customerHeading: 'Kunde',
  companyLabel: 'Virksomhet',
  tenantIdLabel: 'Leier-ID (tenant ID)',
  representativeHeading: 'Representant med fullmakt',
  nameLabel: 'Navn',
  emailLabel: 'E-post',
  agreementHeading: 'Avtale',
  agreementTitleLabel: 'Tittel',
  linkLabel: 'Lenke',
  templateIdLabel: 'Mal-ID',
  languageCountryLabel: 'Språk og land',
  checksumLabel: 'SHA-256-sjekksum',
  attachedNote: 'Hele avtaleteksten er vedlagt og følger etter signaturfeltene i dette dokumentet.',
  linkedNote: 'Hele avtaleteksten er tilgjengelig via lenken ovenfor.',
  declarationHeading: 'Erklæring',
  declaration: (v) =>
    `Ved å signere dette dokumentet bekrefter jeg at jeg har lest Microsoft-kundeavtalen som er angitt ovenfor, at jeg har fullmakt til å inngå avtaler på vegne av ${v.customer}, og at jeg godtar avtalen på vegne av ${v.customer}.`,
  record: (v) => `${v.partner} oppbevarer det signerte dokumentet som skriftlig bekreftelse på godkjenningen.`,
  signatureLabel: 'Signatur',
  fullNameLabel: 'Fullt navn',
  dateLabel: 'Dato',
  page: (n, total) => `Side ${n} av ${total}`,
  emailSubject: (v) => `Til signering: Microsoft-kundeavtalen for ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, som leverer Microsofts skytjenester til dere, ber deg om å godta Microsoft-kundeavtalen på vegne av ${v.customer} ved å signere dokumentet elektronisk. Les avtalen før du signerer.\n\nDu kan bare signere hvis du har fullmakt til å inngå avtaler på vegne av ${v.customer}. Hvis du ikke har slik fullmakt, ber vi deg om å avslå signeringen og i stedet gi ${v.partner} beskjed om hvem i virksomheten som bør få denne forespørselen.`,
};
