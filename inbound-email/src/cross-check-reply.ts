import { normaliseForMatch } from './normalise-for-match';
import { stripPleasantries } from './strip-pleasantries';

/**
 * How email-reply-parser's reading of the same message compares with ours.
 * - agrees: same reply text.
 * - library-kept-more: we removed more. Expected: it has no Nordic Outlook headers and does not
 *   know the email we sent.
 * - library-cut-more: it stopped earlier. We may have kept a quote header we do not know.
 * - differs: neither contains the other (it returns "" for replies written below the quote).
 */
export type CrossCheck = 'agrees' | 'library-kept-more' | 'library-cut-more' | 'differs';

export interface CrossCheckResult {
  outcome: CrossCheck;
  /** Whether the library found anything to strip at all (it corroborates that there was a quote). */
  libraryStripped: boolean;
}

/** Compares our extraction with `library`, email-reply-parser's visible text of `original`. */
export function crossCheckReply(original: string, ours: string, library: string): CrossCheckResult {
  // Greetings and sign-offs are left out: the library cuts at "Regards," where we keep the
  // signature, and neither changes what the reply says.
  const theirs = comparableLines(stripPleasantries(library));
  const mine = comparableLines(stripPleasantries(ours));
  return {
    outcome: compare(mine, theirs),
    libraryStripped: comparableLines(library).length < comparableLines(original).length,
  };
}

function compare(mine: string[], theirs: string[]): CrossCheck {
  if (mine.length === theirs.length && mine.every((line, i) => line === theirs[i])) return 'agrees';
  if (isSubsequence(mine, theirs)) return 'library-kept-more';
  if (isSubsequence(theirs, mine)) return 'library-cut-more';
  return 'differs';
}

function comparableLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(normaliseForMatch)
    .filter((l) => l.length > 0);
}

function isSubsequence(short: string[], long: string[]): boolean {
  let k = 0;
  for (const line of long) if (k < short.length && line === short[k]) k++;
  return k === short.length;
}
