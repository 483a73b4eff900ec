import type { ConsentEmailCopy } from './types';

// Bokmål. Avoid any other "jeg godtar" in sentences: the reply classifier looks for it.
export const nb: ConsentEmailCopy = {
  subject: (v) => `Forespørsel om å godta Microsoft-kundeavtalen for ${v.customer}`,
  reminderSubject: (v) => `Påminnelse: forespørsel om å godta Microsoft-kundeavtalen for ${v.customer}`,
  greeting: (v) => `Hei ${v.firstName} ${v.lastName},`,
  reminder: 'Dette er en påminnelse om vår tidligere henvendelse, som vi ennå ikke har fått svar på.',
  intro: (v) =>
    `${v.partner}, som leverer Microsofts skytjenester til dere, ber deg om å godta Microsoft-kundeavtalen (Microsoft Customer Agreement, MCA) på vegne av ${v.customer}.`,
  about: (v) =>
    `Microsoft-kundeavtalen inneholder vilkårene for bruk av Microsofts skytjenester, som Microsoft 365 og Azure. Microsoft krever at kunden har godtatt avtalen før ${v.partner} kan bestille nye lisenser eller endre antall lisenser for ${v.customer}. Avtalen trenger bare å godtas én gang.`,
  readLinked: 'Les avtalen før du svarer:',
  readAttached: 'Avtalen er vedlagt denne e-posten. Les den før du svarer. Den er også tilgjengelig her:',
  authority: (v) =>
    `Du kan bare godta avtalen hvis du har fullmakt til å inngå avtaler på vegne av ${v.customer}. Hvis du ikke har slik fullmakt, ber vi deg om ikke å godta avtalen, men i stedet gi ${v.partner} beskjed om hvem i virksomheten som bør få denne forespørselen.`,
  howToAccept: (v) => `For å godta avtalen på vegne av ${v.customer} svarer du på denne e-posten med nøyaktig disse ordene:`,
  notConsent: 'Ethvert annet svar, også «Nei», regnes ikke som godkjenning av avtalen.',
  record: (v) => `${v.partner} oppbevarer svaret ditt, sammen med navnet ditt, e-postadressen din og datoen, som skriftlig bekreftelse på godkjenningen.`,
  questions: (v) => `Ta gjerne kontakt med ${v.partner} hvis du har spørsmål.`,
  closing: 'Med vennlig hilsen',
};
