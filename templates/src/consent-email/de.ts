import type { ConsentEmailCopy } from './types';

// Formal "Sie". After "Guten Tag …," German continues in lower case, so the reminder
// paragraph (always first after the greeting) starts lower case; the intro starts with the
// partner's name, which keeps its own capitalisation either way.
export const de: ConsentEmailCopy = {
  subject: (v) => `Bitte um Zustimmung zum Microsoft-Kundenvertrag für ${v.customer}`,
  reminderSubject: (v) => `Erinnerung: Bitte um Zustimmung zum Microsoft-Kundenvertrag für ${v.customer}`,
  greeting: (v) => `Guten Tag ${v.firstName} ${v.lastName},`,
  reminder: 'dies ist eine Erinnerung an unsere frühere Anfrage, auf die wir noch keine Antwort erhalten haben.',
  intro: (v) =>
    `${v.partner}, Ihr Anbieter von Microsoft-Clouddiensten, bittet Sie, im Namen von ${v.customer} dem Microsoft-Kundenvertrag (Microsoft Customer Agreement, MCA) zuzustimmen.`,
  about: (v) =>
    `Der Microsoft-Kundenvertrag regelt die Nutzung von Microsoft-Clouddiensten wie Microsoft 365 und Azure. Microsoft verlangt die Zustimmung des Kunden, bevor ${v.partner} für ${v.customer} neue Lizenzen bestellen oder Lizenzmengen ändern kann. Die Zustimmung ist nur einmal erforderlich.`,
  readLinked: 'Bitte lesen Sie den Vertrag, bevor Sie antworten:',
  readAttached: 'Der Vertrag ist dieser E-Mail als Anhang beigefügt. Bitte lesen Sie ihn, bevor Sie antworten. Sie finden ihn auch online:',
  authority: (v) =>
    `Bitte stimmen Sie nur zu, wenn Sie berechtigt sind, im Namen von ${v.customer} Verträge abzuschließen. Andernfalls teilen Sie ${v.partner} bitte mit, wer in Ihrem Unternehmen diese Anfrage erhalten sollte.`,
  howToAccept: (v) => `Um dem Vertrag im Namen von ${v.customer} zuzustimmen, antworten Sie bitte auf diese E-Mail mit genau diesen Worten:`,
  notConsent: 'Jede andere Antwort, auch „Nein“, gilt nicht als Zustimmung zum Vertrag.',
  record: (v) =>
    `${v.partner} bewahrt Ihre Antwort zusammen mit Ihrem Namen, Ihrer E-Mail-Adresse und dem Datum als schriftlichen Nachweis der Zustimmung auf.`,
  questions: (v) => `Bei Fragen wenden Sie sich bitte an ${v.partner}.`,
  closing: 'Mit freundlichen Grüßen',
};
