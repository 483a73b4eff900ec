import type { PDFDocument, PDFPage, RGB } from 'pdf-lib';
import { PAGE, type TextStyle } from './theme';
import { wrapText } from './wrap-text';

/** Text wrapped into a column of the given width, starting at x. */
export interface Cell {
  x: number;
  width: number;
  text: string;
  style: TextStyle;
}

/** Baseline of a line whose box starts at `top`, with the glyphs centred in the line height. */
function baseline(top: number, style: TextStyle): number {
  // Helvetica's ascender is 0.718 and its descender 0.207 of the size (AFM).
  return top - (style.lineHeight - 0.925 * style.size) / 2 - 0.718 * style.size;
}

/**
 * Lays content out top to bottom across as many A4 pages as it needs. pdf-lib only draws at
 * coordinates; this keeps the cursor, wraps text to the column and breaks pages so that a
 * row, a box or a reserved block is never split.
 */
export class FlowWriter {
  readonly pages: PDFPage[] = [];
  readonly left = PAGE.margin;
  readonly width = PAGE.width - 2 * PAGE.margin;
  private page: PDFPage;
  private y: number = PAGE.top;

  constructor(private readonly doc: PDFDocument) {
    this.page = this.addPage();
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    return page;
  }

  /** Starts a new page unless `height` still fits; on a fresh page there is nothing better to do. */
  ensure(height: number): void {
    if (this.y - height >= PAGE.bottom || this.y === PAGE.top) return;
    this.page = this.addPage();
    this.y = PAGE.top;
  }

  space(height: number): void {
    if (this.y !== PAGE.top) this.y -= height;
  }

  wrap(text: string, style: TextStyle, width: number): string[] {
    return wrapText(text, width, (s) => style.font.widthOfTextAtSize(s, style.size));
  }

  private drawLines(lines: readonly string[], style: TextStyle, x: number, top: number): void {
    lines.forEach((line, i) => {
      if (line === '') return;
      this.page.drawText(line, {
        x,
        y: baseline(top - i * style.lineHeight, style),
        size: style.size,
        font: style.font,
        color: style.color,
      });
    });
  }

  /** A paragraph over the full width; lines flow onto the next page one at a time. */
  paragraph(text: string, style: TextStyle): void {
    for (const line of this.wrap(text, style, this.width)) {
      this.ensure(style.lineHeight);
      this.drawLines([line], style, this.left, this.y);
      this.y -= style.lineHeight;
    }
  }

  /** Side-by-side columns (label and value) kept together on one page. */
  row(cells: readonly Cell[]): void {
    const wrapped = cells.map((cell) => ({ cell, lines: this.wrap(cell.text, cell.style, cell.width) }));
    const height = Math.max(...wrapped.map(({ cell, lines }) => lines.length * cell.style.lineHeight));
    this.ensure(height);
    for (const { cell, lines } of wrapped) this.drawLines(lines, cell.style, cell.x, this.y);
    this.y -= height;
  }

  /** Text on a tinted panel, kept on one page: used for the declaration the signature refers to. */
  panel(text: string, style: TextStyle, fill: RGB, padding: number): void {
    const lines = this.wrap(text, style, this.width - 2 * padding);
    const height = lines.length * style.lineHeight + 2 * padding;
    this.ensure(height);
    this.page.drawRectangle({ x: this.left, y: this.y - height, width: this.width, height, color: fill });
    this.drawLines(lines, style, this.left + padding, this.y - padding);
    this.y -= height;
  }

  rule(color: RGB, thickness = 0.5): void {
    this.ensure(thickness);
    const y = this.y - thickness / 2;
    this.page.drawLine({ start: { x: this.left, y }, end: { x: this.left + this.width, y }, thickness, color });
    this.y -= thickness;
  }

  /** Claims `height` on one page for a block drawn by the caller at absolute coordinates. */
  reserve(height: number): { page: PDFPage; top: number } {
    this.ensure(height);
    const area = { page: this.page, top: this.y };
    this.y -= height;
    return area;
  }
}
