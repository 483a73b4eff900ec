/** The RFC 3676 `-- ` signature delimiter (many clients drop the trailing space). */
export function isSignatureDelimiter(line: string): boolean {
  return /^--\s*$/.test(line);
}

const DEVICE_SIGNATURES: readonly RegExp[] = [
  // Sent from my iPhone / Sendt fra min iPhone / Skickat från min iPhone / Verzonden vanaf mijn iPhone ...
  /^(sent|sendt|skickat|verzonden|verstuurd|envoyé|enviado|inviato|gesendet)\s+(from|fra|frå|från|vanaf|van|met|with|via|using|depuis|de|desde|da|von|vom|mit)\b[^:]{0,60}$/i,
  /^von\s+meine[mn]\s.{1,40}\sgesendet\.?$/i, // Von meinem iPhone gesendet
  /^diese nachricht wurde von .{1,60} gesendet\.?$/i,
  /^lähetetty\s+[\p{L}\d -]{1,40}(sta|stä)\.?$/iu, // Lähetetty iPhonesta
  /^(get|hent|få|skaffa|hanki)\s+\[?outlook\b/i, // Get Outlook for iOS / Hent Outlook for Android
  /^outlook\s+(für|for|voor|til|för)\s+(ios|android)\b/i, // Outlook für iOS beziehen
  /^\S*から送信$/,
];

/** A mobile client's "Sent from my ..." line, in the languages we serve and a few more. */
export function isDeviceSignature(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length > 0 && trimmed.length <= 80 && DEVICE_SIGNATURES.some((p) => p.test(trimmed));
}
