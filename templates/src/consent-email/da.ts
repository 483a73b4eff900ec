import type { ConsentEmailCopy } from './types';

export const da: ConsentEmailCopy = {
  subject: (v) => `Anmodning om at acceptere Microsoft-kundeaftalen for ${v.customer}`,
  reminderSubject: (v) => `Påmindelse: anmodning om at acceptere Microsoft-kundeaftalen for ${v.customer}`,
  greeting: (v) => `Kære ${v.firstName} ${v.lastName},`,
  reminder: 'Dette er en påmindelse om vores tidligere henvendelse, som vi endnu ikke har modtaget svar på.',
  intro: (v) =>
    `${v.partner}, som leverer Microsofts cloudtjenester til jer, beder dig om at acceptere Microsoft-kundeaftalen (Microsoft Customer Agreement, MCA) på vegne af ${v.customer}.`,
  about: (v) =>
    `Microsoft-kundeaftalen indeholder vilkårene for brug af Microsofts cloudtjenester, f.eks. Microsoft 365 og Azure. Microsoft kræver, at kunden har accepteret aftalen, før ${v.partner} kan bestille nye licenser eller ændre antallet af licenser for ${v.customer}. Aftalen skal kun accepteres én gang.`,
  readLinked: 'Læs venligst aftalen, før du svarer:',
  readAttached: 'Aftalen er vedhæftet denne e-mail. Læs den venligst, før du svarer. Den findes også online:',
  authority: (v) =>
    `Du må kun acceptere aftalen, hvis du er bemyndiget til at indgå aftaler på vegne af ${v.customer}. Hvis du ikke er det, beder vi dig om ikke at acceptere aftalen, men i stedet give ${v.partner} besked om, hvem i virksomheden der bør modtage denne anmodning.`,
  howToAccept: (v) => `For at acceptere aftalen på vegne af ${v.customer} skal du besvare denne e-mail med præcis disse ord:`,
  notConsent: 'Ethvert andet svar, også »Nej«, betragtes ikke som accept af aftalen.',
  record: (v) => `${v.partner} gemmer dit svar sammen med dit navn, din e-mailadresse og datoen som skriftlig dokumentation for accepten.`,
  questions: (v) => `Kontakt venligst ${v.partner}, hvis du har spørgsmål.`,
  closing: 'Med venlig hilsen',
};
