import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';
import type { CharacterSet } from './pdf-text';

export interface FormFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Ids and checksums: fixed width keeps them legible and comparable character by character. */
  mono: PDFFont;
  /** What all three can encode (the standard fonts share WinAnsi). */
  charset: CharacterSet;
}

/**
 * The standard 14 fonts: nothing to embed, so the PDF stays small and byte-for-byte
 * reproducible. WinAnsi covers every letter of our seven languages.
 */
export async function embedFonts(doc: PDFDocument): Promise<FormFonts> {
  const [regular, bold, mono] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.Courier),
  ]);
  const shared = [regular, bold, mono].map((font) => new Set(font.getCharacterSet()));
  const charset = new Set([...(shared[0] ?? [])].filter((cp) => shared.every((set) => set.has(cp))));
  return { regular, bold, mono, charset };
}
