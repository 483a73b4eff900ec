import { isSignificantWord } from './consent-vocabulary';
import { replyWords } from './reply-words';

const GREETING = new RegExp(
  '^(' +
    [
      'hi',
      'hello',
      'hey',
      'dear',
      'good (morning|afternoon|day|evening)',
      'hei',
      'heisann',
      'hallo',
      'hoi',
      'hej',
      'morn',
      'god (morgen|dag|formiddag|ettermiddag|kveld)',
      'kjære',
      'kære',
      'bästa',
      'guten (morgen|tag|abend)',
      'sehr geehrte[rs]?',
      'liebe[rs]?',
      'moin',
      'servus',
      'grüß gott',
      'grüezi',
      'goedemorgen',
      'goedemiddag',
      'goedenavond',
      'goedendag',
      'beste',
      'geachte',
      'moi',
      'terve',
      'hyvä',
      'hyvää (huomenta|päivää|iltaa)',
      'päivää',
    ].join('|') +
    ')(?=$|[\\s,!.:;])',
  'u',
);

const SIGN_OFF = new RegExp(
  '^(' +
    [
      'mvh',
      'm v h',
      'med vennlig hilsen',
      'vennlig hilsen',
      'med vennleg helsing',
      'vennleg helsing',
      'beste hilsen',
      'hilsen',
      'helsing',
      'med venlig hilsen',
      'venlig hilsen',
      'de bedste hilsner',
      'bedste hilsner',
      'kh',
      'med vänlig hälsning',
      'med vänliga hälsningar',
      'vänlig hälsning',
      'vänliga hälsningar',
      'hälsningar',
      'hälsning',
      'best regards',
      'kind regards',
      'warm regards',
      'regards',
      'best wishes',
      'best',
      'cheers',
      'thanks',
      'thank you',
      'many thanks',
      'br',
      'rgds',
      'sincerely',
      'yours sincerely',
      'yours faithfully',
      'mit freundlichen grüßen',
      'mit freundlichen grüssen',
      'freundliche grüße',
      'viele grüße',
      'beste grüße',
      'liebe grüße',
      'herzliche grüße',
      'schöne grüße',
      'lg',
      'mfg',
      'vg',
      'gruß',
      'grüße',
      'met vriendelijke groet(en)?',
      'vriendelijke groet(en)?',
      'groet(en)?',
      'mvg',
      'ystävällisin terveisin',
      'parhain terveisin',
      'terveisin',
      'tusen takk',
      'takk',
      'danke',
      'vielen dank',
      'tack',
      'tak',
      'bedankt',
      'kiitos',
    ].join('|') +
    ')(?=$|[\\s,!.:;])',
  'u',
);

const MAX_GREETING_WORDS = 6;
const MAX_SIGNATURE_LINE_WORDS = 8;

/**
 * Removes the opening greeting, the sign-off and the signature block under it, so that only the
 * statement is left to classify and to count. A line is only dropped if it has no word that
 * could change the meaning (consent verbs, negations, hedges): "Takk, men nei" stays.
 * `signerName` lines (the representative signing with just a name) go as well.
 */
export function stripPleasantries(text: string, signerName?: string): string {
  const name = signerName ? replyWords(signerName).join(' ') : undefined;
  const lines = text
    .normalize('NFKC')
    .split(/\r?\n/)
    .map((l) => l.trim());
  const out: string[] = [];
  let seenContent = false;
  let inSignature = false;

  for (const line of lines) {
    const lower = line.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, '');
    const words = replyWords(line);
    if (words.length === 0) continue;
    const significant = words.some(isSignificantWord);

    if (inSignature && !significant && words.length <= MAX_SIGNATURE_LINE_WORDS) continue;
    inSignature = false;
    if (name && words.join(' ') === name) continue;

    if (!significant && SIGN_OFF.test(lower)) {
      inSignature = true;
      continue;
    }
    if (!seenContent && GREETING.test(lower)) {
      seenContent = true;
      if (!significant && words.length <= MAX_GREETING_WORDS) continue;
      out.push(withoutGreeting(lower));
      continue;
    }
    seenContent = true;
    out.push(line);
  }
  return out.join('\n').trim();
}

// "Hei Kari, jeg godtar" -> "jeg godtar"; "Hallo ich stimme zu" -> "ich stimme zu".
function withoutGreeting(line: string): string {
  const rest = line.replace(GREETING, '');
  const untilComma = /^[^,!:;.]{0,40}[,!:;.]\s*/u.exec(rest);
  return (untilComma && !replyWords(untilComma[0]).some(isSignificantWord) ? rest.slice(untilComma[0].length) : rest).trim();
}
