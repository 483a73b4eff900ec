import type { AcceptanceFormCopy } from './types';

// Polite plural ("te") in the blurb. Company names cannot be inflected reliably, so they stand
// uninflected after "yritys" ("yrityksen X puolesta", "yritykselle X"), as in the consent email.
export const fi: AcceptanceFormCopy = {
  title: 'Microsoftin asiakassopimuksen hyväksyminen',
  intro: (v) =>
    `${v.partner} toimittaa Microsoftin pilvipalveluja yritykselle ${v.customer} ja on laatinut tämän asiakirjan, jotta yritys ${v.customer} voi hyväksyä Microsoftin asiakassopimuksen (Microsoft Customer Agreement, MCA). Microsoft edellyttää sopimuksen hyväksymistä, ennen kuin ${v.partner} voi tilata asiakkaalle uusia lisenssejä tai muuttaa sen lisenssien määrää.`,
  customerHeading: 'Asiakas',
  companyLabel: 'Yritys',
  tenantIdLabel: 'Vuokraajatunnus (tenant ID)',
  representativeHeading: 'Valtuutettu edustaja',
  nameLabel: 'Nimi',
  emailLabel: 'Sähköposti',
  agreementHeading: 'Sopimus',
  agreementTitleLabel: 'Nimike',
  linkLabel: 'Linkki',
  templateIdLabel: 'Mallin tunnus',
  languageCountryLabel: 'Kieli ja maa',
  checksumLabel: 'SHA-256-tarkistussumma',
  attachedNote: 'Sopimuksen koko teksti on liitetty tähän asiakirjaan allekirjoitusosion jälkeen.',
  linkedNote: 'Sopimuksen koko teksti on saatavilla yllä olevasta linkistä.',
  declarationHeading: 'Vakuutus',
  declaration: (v) =>
    `Allekirjoittamalla tämän asiakirjan vahvistan, että olen lukenut edellä mainitun Microsoftin asiakassopimuksen ja että minulla on valtuudet tehdä sopimuksia yrityksen ${v.customer} puolesta. Hyväksyn sopimuksen yrityksen ${v.customer} puolesta.`,
  record: (v) => `${v.partner} säilyttää allekirjoitetun asiakirjan kirjallisena vahvistuksena hyväksymisestä.`,
  signatureLabel: 'Allekirjoitus',
  fullNameLabel: 'Koko nimi',
  dateLabel: 'Päivämäärä',
  page: (n, total) => `Sivu ${n}/${total}`,
  emailSubject: (v) => `Allekirjoitettavaksi: Microsoftin asiakassopimus – ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, joka toimittaa Microsoftin pilvipalveluja yrityksellenne, pyytää teitä hyväksymään Microsoftin asiakassopimuksen yrityksen ${v.customer} puolesta allekirjoittamalla asiakirjan sähköisesti. Tutustukaa sopimukseen ennen allekirjoittamista.\n\nAllekirjoittakaa asiakirja vain, jos teillä on valtuudet tehdä sopimuksia yrityksen ${v.customer} puolesta. Jos teillä ei ole valtuuksia, kieltäytykää allekirjoittamasta ja ilmoittakaa yritykselle ${v.partner}, kenelle organisaatiossanne tämä pyyntö tulisi lähettää.`,
};
