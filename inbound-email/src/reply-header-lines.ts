/**
 * Recognisers for the lines mail clients put between a reply and the message it answers.
 * Rules ported in spirit from discourse/email_reply_trimmer and mailgun/talon (both MIT /
 * Apache-2.0), extended with the Nordic Outlook forms neither library covers.
 */

/** A line quoted with `>` (any depth, leading blanks allowed). */
export function isQuotedLine(line: string): boolean {
  return /^\s*>/.test(line);
}

// Attribution lines that start with their own keyword ("On", "Den", "Am", ...).
const ANCHORED_ATTRIBUTIONS: readonly RegExp[] = [
  /^on\s.+\swrote\s*:$/i, // en
  /^(den|på)\s.+\sskrev\b.*:$/i, // nb, da, sv
  /^am\s.+\sschrieb\b.*:$/i, // de
  /^op\s.+\sschreef\b.*:$/i, // nl
  /^le\s.+\sa\s+écrit\s*:$/i, // fr
  /^el\s.+\sescribió\s*:$/i, // es
  /^il\s.+\sha\s+scritto\s*:$/i, // it
  /^em\s.+\sescreveu\s*:$/i, // pt
  /^w\s+dniu\s.+\snapisała?\s*:$/i, // pl
];
// Attribution lines that start with a date or a name: "tir. 12. mars 2019 kl. 10:00 skrev X <x>:",
// "X <x> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:", "ti 12.3.2019 klo 10.00 X kirjoitti:".
const VERB_ATTRIBUTION = /\s(wrote|skrev|schrieb|schreef|kirjoitti|a\s+écrit|escribió|ha\s+scritto|escreveu|napisała?|написала?)(\s.*)?:$/i;
// ...which a sentence of the reply could also end with, so they need a clock time or an address.
const TIME_OR_ADDRESS = /\d{1,2}[:.]\d{2}|@/;
const MAX_ATTRIBUTION_LENGTH = 300;

function isAttribution(text: string): boolean {
  if (text.length > MAX_ATTRIBUTION_LENGTH) return false;
  return ANCHORED_ATTRIBUTIONS.some((p) => p.test(text)) || (VERB_ATTRIBUTION.test(text) && TIME_OR_ADDRESS.test(text));
}

// Gmail wraps long attributions: "... <user@example.com\n>:" or "Name <\nuser@example.com> wrote:".
function leavesSomethingOpen(line: string): boolean {
  const count = (ch: string) => line.split(ch).length - 1;
  return count('<') > count('>') || count('"') % 2 === 1;
}

function isAttributionTail(line: string): boolean {
  return /^\s*>\s*:\s*$/.test(line);
}

/**
 * Finds attribution lines ("On ... wrote:") that may be wrapped over up to three lines.
 * Returns a map from the first line of each attribution to its last line.
 */
export function findAttributions(lines: readonly string[]): Map<number, number> {
  const spans = new Map<number, number>();
  const joined = (from: number, to: number) =>
    lines
      .slice(from, to + 1)
      .map((l) => l.trim())
      .join(' ')
      .replace(/\s+/g, ' ');
  const usable = (from: number, to: number) => {
    for (let k = from; k <= to; k++) {
      const line = lines[k] ?? '';
      if (line.trim() === '') return false;
      if (isQuotedLine(line) && !(k === to && k > from && isAttributionTail(line))) return false;
    }
    return true;
  };

  for (let end = 0; end < lines.length; end++) {
    if (!(lines[end] ?? '').trimEnd().endsWith(':')) continue;
    let start = -1;
    // Shortest span first, so a reply line right above an attribution is never swallowed.
    for (let from = end; from >= Math.max(0, end - 2); from--) {
      if (usable(from, end) && isAttribution(joined(from, end))) {
        start = from;
        break;
      }
    }
    if (start === -1) continue;
    while (start > 0 && end - start < 2 && usable(start - 1, end) && leavesSomethingOpen(lines[start - 1] ?? '')) start--;
    spans.set(start, end);
  }
  return spans;
}

const FROM_FIELD = /^\s*\*{0,2}(from|fra|frå|von|från|van|lähettäjä|de|da|od|от)\s*:\s*\*{0,2}/i;
const OTHER_FIELD =
  /^\s*\*{0,2}(sent|date|to|cc|subject|sendt|dato|til|kopi|emne|gesendet|datum|an|kopie|betreff|skickat|till|kopia|ämne|verzonden|aan|onderwerp|lähetetty|päivämäärä|vastaanottaja|kopio|aihe|envoyé|à|objet|enviado|para|asunto|inviato|oggetto|wysłano|do|temat)\s*:\s*\*{0,2}/i;
const FIELD_WINDOW = 5;

/**
 * An Outlook-style header block of the quoted original: a From line (in any of our languages)
 * followed within a few lines by Sent/To/Subject. The original that follows is not `>`-quoted.
 */
export function startsHeaderBlock(lines: readonly string[], index: number): boolean {
  if (!FROM_FIELD.test(lines[index] ?? '')) return false;
  let seen = 0;
  for (let k = index + 1; k < lines.length && seen < FIELD_WINDOW; k++) {
    const line = lines[k] ?? '';
    if (line.trim() === '') continue;
    if (OTHER_FIELD.test(line)) return true;
    seen++;
  }
  return false;
}

const ORIGINAL_MESSAGE_MARKER = new RegExp(
  '^[\\s\\-_=*]*(' +
    [
      'original message',
      'opprinnelig melding',
      'opprinneleg melding',
      'ursprüngliche nachricht',
      'oprindelig meddelelse',
      'oprindelig besked',
      'ursprungligt meddelande',
      'oorspronkelijk bericht',
      'alkuperäinen viesti',
      "message d'origine",
      'mensaje original',
      'messaggio originale',
      'mensagem original',
      'forwarded message',
      'videresendt melding',
      'videresendt meddelelse',
      'weitergeleitete nachricht',
      'vidarebefordrat meddelande',
      'doorgestuurd bericht',
      'välitetty viesti',
      'begin forwarded message',
      'anfang der weitergeleiteten nachricht',
      'start på videresendt melding',
      'början på vidarebefordrat meddelande',
    ].join('|') +
    // The colon's spaces are not also decoration: "Original Message" + many spaces stays linear.
    ')[\\s\\-_=*]*(?::\\s*)?$',
  'i',
);

/** `-----Original Message-----` and its translations, forward markers included. */
export function isOriginalMessageMarker(line: string): boolean {
  return ORIGINAL_MESSAGE_MARKER.test(line);
}

/** Outlook's `________________________________` line above the quoted header block. */
export function isSeparatorLine(line: string): boolean {
  return /^\s*_{5,}\s*$/.test(line);
}

/** Only separator characters (dashes, underscores, equals, asterisks) or nothing. */
export function isDecorationLine(line: string): boolean {
  return /^[\s\-_=*]*$/.test(line);
}
