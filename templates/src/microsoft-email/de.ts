import type { MicrosoftEmailCopy } from './types';

// Formal "Sie". After "Guten Tag …," German continues in lower case, so the reminder
// paragraph (always first after the greeting) starts lower case; the intro starts with the
// partner's name. Never "Ich stimme zu" (the email accept phrase). Admin center names follow
// Microsoft's German UI.
export const de: MicrosoftEmailCopy = {
  subject: (v) => `Bitte um Zustimmung zum Microsoft-Kundenvertrag für ${v.customer} bei Microsoft`,
  reminderSubject: (v) => `Erinnerung: Bitte um Zustimmung zum Microsoft-Kundenvertrag für ${v.customer} bei Microsoft`,
  greeting: (v) => `Guten Tag ${v.firstName} ${v.lastName},`,
  reminder: 'dies ist eine Erinnerung an unsere frühere Anfrage. Microsoft hat bisher keine Zustimmung zum Vertrag registriert.',
  intro: (v) =>
    `${v.partner}, Ihr Anbieter von Microsoft-Clouddiensten, bittet Sie, im Namen von ${v.customer} dem Microsoft-Kundenvertrag (Microsoft Customer Agreement, MCA) zuzustimmen. Die Zustimmung erfolgt auf der Website von Microsoft.`,
  afterWrittenConsent: (v) =>
    `Vielen Dank für die schriftliche Bestätigung, die ${v.partner} bereits von Ihnen erhalten hat. Microsoft verlangt zusätzlich eine Zustimmung auf der eigenen Website von Microsoft; das ist der einzige noch offene Schritt.`,
  why: (v) =>
    `Microsoft verlangt die Zustimmung des Kunden, bevor ${v.partner} für ${v.customer} neue Lizenzen bestellen oder Lizenzmengen ändern kann. Die Zustimmung ist nur einmal erforderlich.`,
  attestationLink: (_v, validUntil) =>
    `Bitte stimmen Sie dem Vertrag über den folgenden Link zu. Eine Anmeldung ist nicht erforderlich.${validUntil === undefined ? '' : ` Der Link ist bis zum ${validUntil} gültig.`}`,
  adminCenter: (v) =>
    `Die Zustimmung erfolgt im Microsoft 365 Admin Center. Melden Sie sich mit einem Konto an, das im Microsoft-Mandanten von ${v.customer} Globaler Administrator oder Abrechnungsadministrator ist, und öffnen Sie Abrechnung > Abrechnungskonten > Verträge. Der folgende Link führt Sie direkt zu dieser Seite.`,
  acceptLabel: 'Dem Microsoft-Kundenvertrag zustimmen',
  authority: (v) =>
    `Bitte stimmen Sie nur zu, wenn Sie berechtigt sind, im Namen von ${v.customer} Verträge abzuschließen. Andernfalls teilen Sie ${v.partner} bitte mit, wer in Ihrem Unternehmen diese Anfrage erhalten sollte.`,
  readLinked: 'Den Vertrag können Sie hier lesen:',
  readAttached: 'Der Vertrag ist dieser E-Mail als Anhang beigefügt und auch hier abrufbar:',
  replyIsNotAcceptance:
    'Bitte beachten Sie: Eine Antwort auf diese E-Mail gilt nicht als Zustimmung zum Vertrag. Zustimmen können Sie nur auf der Website von Microsoft.',
  partnerInformed: (v) => `Sobald Microsoft die Zustimmung registriert hat, wird ${v.partner} automatisch benachrichtigt.`,
  questions: (v) => `Bei Fragen wenden Sie sich bitte an ${v.partner}.`,
  closing: 'Mit freundlichen Grüßen',
};
