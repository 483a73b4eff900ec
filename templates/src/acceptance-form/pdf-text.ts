import { clip } from './clip';

/** Longer values are cut: no real company name, person or address comes near it, and it keeps the form short. */
export const MAX_VALUE_LENGTH = 300;

/** What a standard PDF font can show, from `font.getCharacterSet()`. */
export type CharacterSet = ReadonlySet<number>;

function showable(ch: string, charset: CharacterSet): string {
  if (charset.has(ch.codePointAt(0) ?? -1)) return ch;
  // Full-width letters, ligatures and the like have a plain equivalent the font can show.
  const compatible = ch.normalize('NFKC');
  if (compatible !== ch && [...compatible].every((c) => charset.has(c.codePointAt(0) ?? -1))) return compatible;
  return '?';
}

/**
 * A value from the input as the form prints it: one line, and every character the standard
 * fonts cannot encode (emoji, CJK, most non-Latin scripts) replaced by "?", because pdf-lib
 * throws on them and a request must not fail over a company's spelling. The original value
 * stays in the consent record; the form shows that something was there.
 */
export function toPdfText(value: string, charset: CharacterSet): string {
  const oneLine = value
    .normalize('NFC')
    // Zero-width and direction marks are invisible in the source: dropped, not turned into "?".
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clip(Array.from(oneLine, (ch) => showable(ch, charset)).join(''), MAX_VALUE_LENGTH);
}
