import type { PDFPage } from 'pdf-lib';
import { COLORS, PAGE, type TextStyle } from './theme';

/**
 * Title and "page n of N" on each acceptance page, so a printed page shows what it belongs
 * to. Drawn after layout, when N is known; the attached agreement keeps its own pages as is.
 */
export function drawFooters(pages: readonly PDFPage[], style: TextStyle, title: string, pageLabel: (n: number, total: number) => string): void {
  pages.forEach((page, i) => {
    const y = PAGE.footerBaseline;
    const right = PAGE.width - PAGE.margin;
    page.drawLine({ start: { x: PAGE.margin, y: y + 12 }, end: { x: right, y: y + 12 }, thickness: 0.5, color: COLORS.hairline });
    const text = { y, size: style.size, font: style.font, color: style.color };
    page.drawText(title, { ...text, x: PAGE.margin });
    const label = pageLabel(i + 1, pages.length);
    page.drawText(label, { ...text, x: right - style.font.widthOfTextAtSize(label, style.size) });
  });
}
