import { PageSizes, rgb, type PDFFont, type RGB } from 'pdf-lib';
import type { FormFonts } from './fonts';

const [A4_WIDTH, A4_HEIGHT] = PageSizes.A4;

/** A4 in points, 2 cm side margins; the bottom margin leaves room for the footer. */
export const PAGE = {
  width: A4_WIDTH,
  height: A4_HEIGHT,
  margin: 56.7,
  top: A4_HEIGHT - 60,
  bottom: 78,
  footerBaseline: 40,
} as const;

export const COLORS = {
  ink: rgb(0.11, 0.11, 0.11),
  muted: rgb(0.38, 0.38, 0.38),
  hairline: rgb(0.8, 0.8, 0.8),
  accent: rgb(0.06, 0.42, 0.74),
  panel: rgb(0.95, 0.95, 0.95),
  // The anchors must be found by DocuSign's text search but not seen by the reader.
  invisible: rgb(1, 1, 1),
} as const;

export interface TextStyle {
  font: PDFFont;
  size: number;
  lineHeight: number;
  color: RGB;
}

export interface FormStyles {
  title: TextStyle;
  heading: TextStyle;
  body: TextStyle;
  label: TextStyle;
  value: TextStyle;
  mono: TextStyle;
  caption: TextStyle;
  anchor: TextStyle;
}

export function formStyles(fonts: FormFonts): FormStyles {
  return {
    title: { font: fonts.bold, size: 18, lineHeight: 24, color: COLORS.ink },
    heading: { font: fonts.bold, size: 10.5, lineHeight: 16, color: COLORS.accent },
    body: { font: fonts.regular, size: 10, lineHeight: 14.5, color: COLORS.ink },
    label: { font: fonts.regular, size: 9, lineHeight: 14, color: COLORS.muted },
    value: { font: fonts.regular, size: 10, lineHeight: 14, color: COLORS.ink },
    mono: { font: fonts.mono, size: 8.5, lineHeight: 14, color: COLORS.ink },
    caption: { font: fonts.regular, size: 8, lineHeight: 11, color: COLORS.muted },
    anchor: { font: fonts.regular, size: 6, lineHeight: 8, color: COLORS.invisible },
  };
}
