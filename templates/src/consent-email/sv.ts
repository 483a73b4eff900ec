import type { ConsentEmailCopy } from './types';

// "som företrädare för X" rather than a genitive: company names ending in "AB" would need
// "AB:s", which we cannot form reliably from an arbitrary name.
export const sv: ConsentEmailCopy = {
  subject: (v) => `Begäran om godkännande av Microsoft-kundavtalet för ${v.customer}`,
  reminderSubject: (v) => `Påminnelse: begäran om godkännande av Microsoft-kundavtalet för ${v.customer}`,
  greeting: (v) => `Hej ${v.firstName} ${v.lastName},`,
  reminder: 'Detta är en påminnelse om vår tidigare förfrågan, som vi ännu inte har fått svar på.',
  intro: (v) =>
    `${v.partner}, som levererar Microsofts molntjänster till er, ber dig att som företrädare för ${v.customer} godkänna Microsoft-kundavtalet (Microsoft Customer Agreement, MCA).`,
  about: (v) =>
    `Microsoft-kundavtalet innehåller villkoren för användning av Microsofts molntjänster, till exempel Microsoft 365 och Azure. Microsoft kräver att kunden har godkänt avtalet innan ${v.partner} kan beställa nya licenser eller ändra antalet licenser för ${v.customer}. Avtalet behöver bara godkännas en gång.`,
  readLinked: 'Läs avtalet innan du svarar:',
  readAttached: 'Avtalet finns bifogat i det här e-postmeddelandet. Läs det innan du svarar. Det finns även tillgängligt här:',
  authority: (v) =>
    `Du får bara godkänna avtalet om du har behörighet att ingå avtal för ${v.customer}. Om du inte har det ber vi dig att inte godkänna avtalet, utan i stället meddela ${v.partner} vem i organisationen som bör få den här förfrågan.`,
  howToAccept: (v) => `För att godkänna avtalet för ${v.customer} svarar du på det här e-postmeddelandet med exakt följande ord:`,
  notConsent: 'Alla andra svar, även ”Nej”, räknas inte som ett godkännande av avtalet.',
  record: (v) => `${v.partner} sparar ditt svar tillsammans med ditt namn, din e-postadress och datumet som skriftlig bekräftelse på godkännandet.`,
  questions: (v) => `Kontakta gärna ${v.partner} om du har frågor.`,
  closing: 'Med vänliga hälsningar',
};
