import type { MicrosoftEmailCopy } from './types';

// "du" as in the consent email. Never "jeg accepterer" (the email accept phrase).
// Admin center names follow Microsoft's Danish UI ("Microsoft 365 Administration", "lejer").
export const da: MicrosoftEmailCopy = {
  subject: (v) => `Anmodning om at acceptere Microsoft-kundeaftalen for ${v.customer} hos Microsoft`,
  reminderSubject: (v) => `Påmindelse: anmodning om at acceptere Microsoft-kundeaftalen for ${v.customer} hos Microsoft`,
  greeting: (v) => `Kære ${v.firstName} ${v.lastName},`,
  reminder: 'Dette er en påmindelse om vores tidligere henvendelse. Microsoft har endnu ikke registreret, at aftalen er accepteret.',
  intro: (v) =>
    `${v.partner}, som leverer Microsofts cloudtjenester til jer, beder dig om at acceptere Microsoft-kundeaftalen (Microsoft Customer Agreement, MCA) på vegne af ${v.customer}. Aftalen accepteres på Microsofts websted.`,
  afterWrittenConsent: (v) =>
    `Tak for den skriftlige bekræftelse, som ${v.partner} allerede har modtaget fra jer. Microsoft kræver desuden, at aftalen accepteres på Microsofts eget websted, og det er det eneste trin, der mangler.`,
  why: (v) =>
    `Microsoft kræver, at kunden har accepteret aftalen, før ${v.partner} kan bestille nye licenser eller ændre antallet af licenser for ${v.customer}. Aftalen skal kun accepteres én gang.`,
  attestationLink: (_v, validUntil) =>
    `Brug linket nedenfor til at acceptere aftalen. Du behøver ikke at logge på.${validUntil === undefined ? '' : ` Linket er gyldigt til ${validUntil}.`}`,
  adminCenter: (v) =>
    `Aftalen accepteres i Microsoft 365 Administration. Log på med en konto, der er global administrator eller faktureringsadministrator i Microsoft-lejeren for ${v.customer}, og gå til Fakturering > Faktureringskonti > Aftaler. Linket nedenfor fører dig direkte til siden.`,
  acceptLabel: 'Acceptér Microsoft-kundeaftalen',
  authority: (v) =>
    `Du må kun acceptere aftalen, hvis du er bemyndiget til at indgå aftaler på vegne af ${v.customer}. Hvis du ikke er det, beder vi dig i stedet give ${v.partner} besked om, hvem i virksomheden der bør modtage denne anmodning.`,
  readLinked: 'Du kan læse aftalen her:',
  readAttached: 'Aftalen er vedhæftet denne e-mail og findes også her:',
  replyIsNotAcceptance: 'Bemærk, at et svar på denne e-mail ikke betragtes som accept af aftalen. Aftalen kan kun accepteres på Microsofts websted.',
  partnerInformed: (v) => `${v.partner} får automatisk besked, når Microsoft har registreret accepten.`,
  questions: (v) => `Kontakt venligst ${v.partner}, hvis du har spørgsmål.`,
  closing: 'Med venlig hilsen',
};
