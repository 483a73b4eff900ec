/**
 * Lowercase words of a reply: NFKC (so full-width and compatibility forms compare equal),
 * English contractions opened ("don't" -> "do not") so the negation is a word of its own,
 * and every quote mark and punctuation character treated as a separator.
 */
export function replyWords(text: string): string[] {
  return withoutAddresses(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/n't\b/g, ' not')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Words joined for phrase patterns: ` w1 w2 ... ` (see consent-vocabulary.ts). */
export function paddedWords(words: readonly string[]): string {
  return ` ${words.join(' ')} `;
}

/**
 * Drops URLs and email addresses: "consent@contoso.example" is not the word "consent", and a
 * "?" in a link is not a question.
 */
export function withoutAddresses(text: string): string {
  // Token by token: a regex for addresses would rescan long runs of non-space characters.
  return text.replace(/\S+/g, (token) => (token.includes('@') || token.includes('://') || /^\W*www\./i.test(token) ? ' ' : token));
}
