import type { PDFPage } from 'pdf-lib';
import { ACCEPTANCE_ANCHORS } from './anchors';
import type { FlowWriter } from './flow-writer';
import { COLORS, type FormStyles } from './theme';

export interface SignatureLabels {
  signature: string;
  fullName: string;
  date: string;
}

/** Room above the signature line for DocuSign's signature image, and above the text lines. */
const SIGN_AREA = 42;
const TEXT_AREA = 26;
/**
 * Height above its line of the top of each anchor's glyphs. DocuSign puts a tab's top-left
 * corner near its anchor's: the signature image then fills the area, and the name and date
 * (about 11 pt) sit on their lines.
 */
const SIGN_ANCHOR_TOP = 38;
const TEXT_ANCHOR_TOP = 15;
const CAPTION_AREA = 16;
const ROW_GAP = 14;
const SIGNATURE_WIDTH = 270;
const COLUMN_GAP = 30;

/** Total height, so the caller can keep the declaration and the signature lines on one page. */
export const SIGNATURE_BLOCK_HEIGHT = SIGN_AREA + CAPTION_AREA + ROW_GAP + TEXT_AREA + CAPTION_AREA;

interface Field {
  x: number;
  width: number;
  lineY: number;
  /** Height above the line where the anchor's glyphs start. */
  anchorTop: number;
  label: string;
  anchor: string;
}

function drawField(page: PDFPage, styles: FormStyles, f: Field): void {
  page.drawLine({ start: { x: f.x, y: f.lineY }, end: { x: f.x + f.width, y: f.lineY }, thickness: 0.75, color: COLORS.ink });
  page.drawText(f.label, {
    x: f.x,
    y: f.lineY - 11,
    size: styles.caption.size,
    font: styles.caption.font,
    color: styles.caption.color,
  });
  page.drawText(f.anchor, {
    x: f.x + 1,
    // Cap height of Helvetica is 0.718 of the size: the glyphs' top lands at anchorTop.
    y: f.lineY + f.anchorTop - 0.718 * styles.anchor.size,
    size: styles.anchor.size,
    font: styles.anchor.font,
    color: styles.anchor.color,
  });
}

/**
 * Signature and date side by side, the full name below. Each line carries its DocuSign anchor
 * in white; on paper (a printed, hand-signed copy) the same lines work without DocuSign.
 */
export function drawSignatureBlock(writer: FlowWriter, styles: FormStyles, labels: SignatureLabels): void {
  const { page, top } = writer.reserve(SIGNATURE_BLOCK_HEIGHT);
  const firstLine = top - SIGN_AREA;
  const dateX = writer.left + SIGNATURE_WIDTH + COLUMN_GAP;
  drawField(page, styles, {
    x: writer.left,
    width: SIGNATURE_WIDTH,
    lineY: firstLine,
    anchorTop: SIGN_ANCHOR_TOP,
    label: labels.signature,
    anchor: ACCEPTANCE_ANCHORS.signHere,
  });
  drawField(page, styles, {
    x: dateX,
    width: writer.left + writer.width - dateX,
    lineY: firstLine,
    anchorTop: TEXT_ANCHOR_TOP,
    label: labels.date,
    anchor: ACCEPTANCE_ANCHORS.dateSigned,
  });
  drawField(page, styles, {
    x: writer.left,
    width: SIGNATURE_WIDTH,
    lineY: firstLine - CAPTION_AREA - ROW_GAP - TEXT_AREA,
    anchorTop: TEXT_ANCHOR_TOP,
    label: labels.fullName,
    anchor: ACCEPTANCE_ANCHORS.fullName,
  });
}
