import type { AcceptanceFormCopy } from './types';

// Formal "Sie". "Mandanten-ID" is Microsoft's German term for the tenant id.
export const de: AcceptanceFormCopy = {
  title: 'Zustimmung zum Microsoft-Kundenvertrag',
  intro: (v) =>
    `${v.partner} stellt ${v.customer} Microsoft-Clouddienste bereit und hat dieses Dokument erstellt, damit ${v.customer} dem Microsoft-Kundenvertrag (Microsoft Customer Agreement, MCA) zustimmen kann. Microsoft verlangt diese Zustimmung, bevor ${v.partner} für den Kunden neue Lizenzen bestellen oder Lizenzmengen ändern kann.`,
  customerHeading: 'Kunde',
  companyLabel: 'Unternehmen',
  tenantIdLabel: 'Mandanten-ID',
  representativeHeading: 'Vertretungsberechtigte Person',
  nameLabel: 'Name',
  emailLabel: 'E-Mail',
  agreementHeading: 'Vertrag',
  agreementTitleLabel: 'Titel',
  linkLabel: 'Link',
  templateIdLabel: 'Vorlagen-ID',
  languageCountryLabel: 'Sprache und Land',
  checksumLabel: 'SHA-256-Prüfsumme',
  attachedNote: 'Der vollständige Vertragstext ist beigefügt und folgt auf den Unterschriftenbereich dieses Dokuments.',
  linkedNote: 'Der vollständige Vertragstext ist unter dem oben angegebenen Link abrufbar.',
  declarationHeading: 'Erklärung',
  declaration: (v) =>
    `Mit meiner Unterschrift bestätige ich, dass ich den oben genannten Microsoft-Kundenvertrag gelesen habe und berechtigt bin, im Namen von ${v.customer} Verträge abzuschließen, und dass ich dem Vertrag im Namen von ${v.customer} zustimme.`,
  record: (v) => `${v.partner} bewahrt das unterschriebene Dokument als schriftlichen Nachweis der Zustimmung auf.`,
  signatureLabel: 'Unterschrift',
  fullNameLabel: 'Vollständiger Name',
  dateLabel: 'Datum',
  page: (n, total) => `Seite ${n} von ${total}`,
  emailSubject: (v) => `Zur Unterschrift: Microsoft-Kundenvertrag für ${v.customer}`,
  emailBlurb: (v) =>
    `${v.partner}, Ihr Anbieter von Microsoft-Clouddiensten, bittet Sie, im Namen von ${v.customer} dem Microsoft-Kundenvertrag zuzustimmen, indem Sie das Dokument elektronisch unterschreiben. Bitte lesen Sie den Vertrag, bevor Sie unterschreiben.\n\nBitte unterschreiben Sie nur, wenn Sie berechtigt sind, im Namen von ${v.customer} Verträge abzuschließen. Andernfalls lehnen Sie die Unterzeichnung bitte ab und teilen Sie ${v.partner} mit, wer in Ihrem Unternehmen diese Anfrage erhalten sollte.`,
};
