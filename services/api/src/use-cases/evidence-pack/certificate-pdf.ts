import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** What the certificate states; every value is already text as it should be printed. */
export interface CertificateContent {
  title: string;
  sections: Array<{ heading: string; rows: Array<[string, string]> }>;
  footer: string;
}

/** The standard fonts speak WinAnsi: anything else is printed as "?" rather than failing the pack. */
const printable = (text: string) => text.replace(/[^\x20-\x7E\xA0-\xFF]/g, '?');

const MARGIN = 50;
const LINE = 13;

/** A plain A4 certificate of consent, in the manner of an e-signature certificate of completion. */
export async function certificatePdf(content: CertificateContent, createdAt: Date): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title);
  pdf.setCreationDate(createdAt);
  pdf.setModificationDate(createdAt);
  pdf.setProducer('MCA consent service');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  let page = pdf.addPage([595.28, 841.89]);
  let y = page.getHeight() - MARGIN;
  const width = page.getWidth() - 2 * MARGIN;
  const newLineRoom = (needed: number) => {
    if (y - needed > MARGIN) return;
    page = pdf.addPage([595.28, 841.89]);
    y = page.getHeight() - MARGIN;
  };
  const write = (p: PDFPage, text: string, f: PDFFont, size: number, x: number) =>
    p.drawText(printable(text), { x, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });

  write(page, content.title, bold, 16, MARGIN);
  y -= 28;
  for (const section of content.sections) {
    newLineRoom(3 * LINE);
    write(page, section.heading, bold, 11, MARGIN);
    y -= LINE + 3;
    for (const [label, value] of section.rows) {
      // Hashes and ids in a fixed-width font, wrapped to the page.
      const isCode = /^[A-Za-z0-9+/=:_.-]{24,}$/.test(value);
      const f = isCode ? mono : font;
      const size = isCode ? 7.5 : 9;
      const lines = wrap(printable(value), f, size, width - 150);
      newLineRoom(lines.length * LINE);
      write(page, label, bold, 9, MARGIN);
      for (const line of lines) {
        write(page, line, f, size, MARGIN + 150);
        y -= LINE;
      }
    }
    y -= 8;
  }
  newLineRoom(4 * LINE);
  for (const line of wrap(printable(content.footer), font, 8, width)) {
    write(page, line, font, 8, MARGIN);
    y -= LINE - 2;
  }
  return Buffer.from(await pdf.save());
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      const next = line + word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = word.trimStart();
      // A word longer than the line (a hash): cut it.
      while (font.widthOfTextAtSize(line, size) > width) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
