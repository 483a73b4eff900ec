import type { ConsentEmailCopy } from './types';

// Polite plural ("te"). Company names cannot be inflected reliably, so they stand
// uninflected after "yritys" ("yrityksen X puolesta", "yritykselle X"). Word forms that begin
// with "hyväksyn" (hyväksyntä, hyväksynyt) are avoided: they would look like the accept phrase
// to a naive matcher.
export const fi: ConsentEmailCopy = {
  subject: (v) => `Microsoftin asiakassopimuksen hyväksyminen – ${v.customer}`,
  reminderSubject: (v) => `Muistutus: Microsoftin asiakassopimuksen hyväksyminen – ${v.customer}`,
  greeting: (v) => `Hyvä ${v.firstName} ${v.lastName},`,
  reminder: 'Tämä on muistutus aiemmasta pyynnöstämme, johon emme ole vielä saaneet vastausta.',
  intro: (v) =>
    `${v.partner}, joka toimittaa Microsoftin pilvipalveluja yrityksellenne, pyytää teitä hyväksymään Microsoftin asiakassopimuksen (Microsoft Customer Agreement, MCA) yrityksen ${v.customer} puolesta.`,
  about: (v) =>
    `Microsoftin asiakassopimus sisältää Microsoftin pilvipalvelujen, kuten Microsoft 365:n ja Azuren, käyttöehdot. Microsoft edellyttää, että asiakas hyväksyy sopimuksen, ennen kuin ${v.partner} voi tilata yritykselle ${v.customer} uusia lisenssejä tai muuttaa sen lisenssien määrää. Sopimus hyväksytään vain kerran.`,
  readLinked: 'Tutustukaa sopimukseen, ennen kuin vastaatte:',
  readAttached: 'Sopimus on tämän sähköpostin liitteenä. Tutustukaa siihen, ennen kuin vastaatte. Sopimus on saatavilla myös verkossa:',
  authority: (v) =>
    `Voitte hyväksyä sopimuksen vain, jos teillä on valtuudet tehdä sopimuksia yrityksen ${v.customer} puolesta. Jos teillä ei ole valtuuksia, älkää hyväksykö sopimusta, vaan ilmoittakaa yritykselle ${v.partner}, kenelle organisaatiossanne tämä pyyntö tulisi lähettää.`,
  howToAccept: (v) => `Jos hyväksytte sopimuksen yrityksen ${v.customer} puolesta, vastatkaa tähän sähköpostiin täsmälleen seuraavalla sanalla:`,
  notConsent: 'Mikä tahansa muu vastaus, myös ”Ei”, ei tarkoita sopimuksen hyväksymistä.',
  record: (v) => `${v.partner} säilyttää vastauksenne sekä nimenne, sähköpostiosoitteenne ja päivämäärän kirjallisena vahvistuksena hyväksymisestä.`,
  questions: (v) => `Jos teillä on kysyttävää, ottakaa yhteyttä yritykseen ${v.partner}.`,
  closing: 'Ystävällisin terveisin',
};
