import type { MicrosoftEmailCopy } from './types';

// Bokmål, "du" as in the consent email. Never "jeg godtar" (the email accept phrase).
// Admin center names follow Microsoft's Norwegian UI.
export const nb: MicrosoftEmailCopy = {
  subject: (v) => `Forespørsel om å godta Microsoft-kundeavtalen for ${v.customer} hos Microsoft`,
  reminderSubject: (v) => `Påminnelse: forespørsel om å godta Microsoft-kundeavtalen for ${v.customer} hos Microsoft`,
  greeting: (v) => `Hei ${v.firstName} ${v.lastName},`,
  reminder: 'Dette er en påminnelse om vår tidligere henvendelse. Microsoft har ennå ikke registrert at avtalen er godtatt.',
  intro: (v) =>
    `${v.partner}, som leverer Microsofts skytjenester til dere, ber deg om å godta Microsoft-kundeavtalen (Microsoft Customer Agreement, MCA) på vegne av ${v.customer}. Avtalen godtas på Microsofts nettsted.`,
  afterWrittenConsent: (v) =>
    `Takk for den skriftlige bekreftelsen ${v.partner} allerede har fått fra dere. Microsoft krever i tillegg at avtalen godtas på Microsofts eget nettsted, og dette er det eneste steget som gjenstår.`,
  why: (v) =>
    `Microsoft krever at kunden har godtatt avtalen før ${v.partner} kan bestille nye lisenser eller endre antall lisenser for ${v.customer}. Avtalen trenger bare å godtas én gang.`,
  attestationLink: (_v, validUntil) =>
    `Bruk lenken nedenfor for å godta avtalen. Du trenger ikke å logge på.${validUntil === undefined ? '' : ` Lenken er gyldig til ${validUntil}.`}`,
  adminCenter: (v) =>
    `Avtalen godtas i Microsoft 365-administrasjonssenteret. Logg på med en konto som er global administrator eller faktureringsadministrator i Microsoft-tenanten til ${v.customer}, og gå til Fakturering > Faktureringskontoer > Avtaler. Lenken nedenfor tar deg rett til denne siden.`,
  acceptLabel: 'Godta Microsoft-kundeavtalen',
  authority: (v) =>
    `Du kan bare godta avtalen hvis du har fullmakt til å inngå avtaler på vegne av ${v.customer}. Hvis du ikke har slik fullmakt, ber vi deg gi ${v.partner} beskjed om hvem i virksomheten som bør få denne forespørselen.`,
  readLinked: 'Du kan lese avtalen her:',
  readAttached: 'Avtalen er vedlagt denne e-posten og er også tilgjengelig her:',
  replyIsNotAcceptance: 'Merk at et svar på denne e-posten ikke regnes som godkjenning av avtalen. Avtalen kan bare godtas på Microsofts nettsted.',
  partnerInformed: (v) => `${v.partner} får automatisk beskjed når Microsoft har registrert godkjenningen.`,
  questions: (v) => `Ta gjerne kontakt med ${v.partner} hvis du har spørsmål.`,
  closing: 'Med vennlig hilsen',
};
