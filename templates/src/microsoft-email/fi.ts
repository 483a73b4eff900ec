import type { MicrosoftEmailCopy } from './types';

// Polite plural ("te"). Company names stand uninflected after "yritys" ("yrityksen X",
// "yritykselle X"). Word forms beginning with "hyväksyn" (the email accept phrase:
// hyväksyntä, hyväksynyt) are avoided. Admin center names follow Microsoft's Finnish UI.
export const fi: MicrosoftEmailCopy = {
  subject: (v) => `Microsoftin asiakassopimuksen hyväksyminen Microsoftin sivustolla – ${v.customer}`,
  reminderSubject: (v) => `Muistutus: Microsoftin asiakassopimuksen hyväksyminen Microsoftin sivustolla – ${v.customer}`,
  greeting: (v) => `Hyvä ${v.firstName} ${v.lastName},`,
  reminder: 'Tämä on muistutus aiemmasta pyynnöstämme. Microsoft ei ole vielä kirjannut sopimuksen hyväksymistä.',
  intro: (v) =>
    `${v.partner}, joka toimittaa Microsoftin pilvipalveluja yrityksellenne, pyytää teitä hyväksymään Microsoftin asiakassopimuksen (Microsoft Customer Agreement, MCA) yrityksen ${v.customer} puolesta. Sopimus hyväksytään Microsoftin sivustolla.`,
  afterWrittenConsent: (v) =>
    `Kiitos kirjallisesta vahvistuksesta, jonka olette jo antaneet yritykselle ${v.partner}. Microsoft edellyttää lisäksi, että sopimus hyväksytään Microsoftin omalla sivustolla. Tämä on ainoa jäljellä oleva vaihe.`,
  why: (v) =>
    `Microsoft edellyttää, että asiakas hyväksyy sopimuksen, ennen kuin ${v.partner} voi tilata yritykselle ${v.customer} uusia lisenssejä tai muuttaa sen lisenssien määrää. Sopimus hyväksytään vain kerran.`,
  attestationLink: (_v, validUntil) =>
    `Hyväksykää sopimus alla olevan linkin kautta. Kirjautumista ei tarvita.${validUntil === undefined ? '' : ` Linkki on voimassa ${validUntil} asti.`}`,
  adminCenter: (v) =>
    `Sopimus hyväksytään Microsoft 365 -hallintakeskuksessa. Kirjautukaa sisään tilillä, jolla on yleisen järjestelmänvalvojan tai laskutuksen järjestelmänvalvojan rooli yrityksen ${v.customer} Microsoft-vuokraajassa (tenant), ja siirtykää kohtaan Laskutus > Laskutustilit > Sopimukset. Alla oleva linkki vie suoraan tälle sivulle.`,
  acceptLabel: 'Hyväksy Microsoftin asiakassopimus',
  authority: (v) =>
    `Voitte hyväksyä sopimuksen vain, jos teillä on valtuudet tehdä sopimuksia yrityksen ${v.customer} puolesta. Jos teillä ei ole valtuuksia, ilmoittakaa yritykselle ${v.partner}, kenelle organisaatiossanne tämä pyyntö tulisi lähettää.`,
  readLinked: 'Voitte tutustua sopimukseen tästä:',
  readAttached: 'Sopimus on tämän sähköpostin liitteenä, ja se on saatavilla myös verkossa:',
  replyIsNotAcceptance: 'Huomatkaa, että vastaus tähän sähköpostiin ei tarkoita sopimuksen hyväksymistä. Sopimuksen voi hyväksyä vain Microsoftin sivustolla.',
  partnerInformed: (v) => `${v.partner} saa automaattisesti tiedon, kun Microsoft on kirjannut sopimuksen hyväksymisen.`,
  questions: (v) => `Jos teillä on kysyttävää, ottakaa yhteyttä yritykseen ${v.partner}.`,
  closing: 'Ystävällisin terveisin',
};
