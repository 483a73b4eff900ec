import { normaliseForMatch } from './normalise-for-match';
import { DISTINCTIVE_LENGTH } from './find-sent-text-lines';

const MIN_WORDS = 4;

/**
 * True when the reply still contains a distinctive sentence of the email we sent: the quote was
 * not recognised, and anything read from the text may be our own words.
 */
export function hasQuoteLeak(replyText: string, sentText: string | undefined): boolean {
  if (!sentText) return false;
  const reply = ` ${normaliseForMatch(replyText)} `;
  return (
    sentText
      .split(/\r?\n|(?<=[.!?])\s+/)
      .map(normaliseForMatch)
      // a title such as "Microsoft Customer Agreement" is long but a reply may well name it
      .filter((sentence) => sentence.length >= DISTINCTIVE_LENGTH && sentence.split(' ').length >= MIN_WORDS)
      .some((sentence) => reply.includes(` ${sentence} `))
  );
}
