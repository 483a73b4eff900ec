/**
 * Comparison key for text that may have been re-rendered by a mail client: quote styles
 * (« » vs "), link syntax (`label<url>` vs `label: url`), bold markers and spacing all differ
 * between what we sent and what comes back quoted, while the letters and digits survive.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
