import type { FlowWriter } from './flow-writer';
import { drawSignatureBlock, SIGNATURE_BLOCK_HEIGHT } from './signature-block';
import { COLORS, type FormStyles, type TextStyle } from './theme';
import type { AcceptanceFormCopy, FormValues } from './types';

/** Everything the form prints from the input, already made printable (see toPdfText). */
export interface FormContent {
  values: FormValues;
  tenantId: string;
  representativeName: string;
  email: string;
  agreement: { title: string; url: string; templateId: string; languageCountry: string; sha256: string };
  /** The operator's agreement PDF follows the signature section. */
  attached: boolean;
}

type Fact = readonly [label: string, value: string, style: 'value' | 'mono'];

const SECTION_GAP = 16;
const PANEL_PADDING = 10;
/** Between the last sentence and the top of the signature area (which has its own room to sign in). */
const BEFORE_SIGNATURES = 18;

/** One label column for the whole form, as wide as the locale's longest label needs (within reason). */
function labelColumnWidth(writer: FlowWriter, style: TextStyle, labels: readonly string[]): number {
  const widest = Math.max(...labels.map((label) => style.font.widthOfTextAtSize(label, style.size)));
  return Math.min(widest + 18, writer.width * 0.4);
}

function section(writer: FlowWriter, styles: FormStyles, heading: string, facts: readonly Fact[], labelWidth: number): void {
  writer.space(SECTION_GAP);
  // Keep the heading with its first row: a heading alone at the foot of a page reads as an error.
  writer.ensure(styles.heading.lineHeight + 6 + 2 * styles.value.lineHeight);
  writer.paragraph(heading, styles.heading);
  writer.rule(COLORS.hairline);
  writer.space(5);
  const valueX = writer.left + labelWidth;
  const valueWidth = writer.width - labelWidth;
  for (const [label, value, style] of facts) {
    writer.row([
      { x: writer.left, width: labelWidth - 12, text: label, style: styles.label },
      { x: valueX, width: valueWidth, text: value, style: styles[style] },
    ]);
  }
}

/** The acceptance page(s): who accepts what for whom, the declaration, and the signature lines. */
export function layoutForm(writer: FlowWriter, styles: FormStyles, copy: AcceptanceFormCopy, c: FormContent): void {
  writer.paragraph(copy.title, styles.title);
  writer.space(8);
  writer.rule(COLORS.accent, 1.5);
  writer.space(14);
  writer.paragraph(copy.intro(c.values), styles.body);

  const customer: Fact[] = [
    [copy.companyLabel, c.values.customer, 'value'],
    [copy.tenantIdLabel, c.tenantId, 'mono'],
  ];
  const representative: Fact[] = [
    [copy.nameLabel, c.representativeName, 'value'],
    [copy.emailLabel, c.email, 'value'],
  ];
  const agreement: Fact[] = [
    [copy.agreementTitleLabel, c.agreement.title, 'value'],
    [copy.linkLabel, c.agreement.url, 'value'],
    [copy.templateIdLabel, c.agreement.templateId, 'mono'],
    [copy.languageCountryLabel, c.agreement.languageCountry, 'value'],
    [copy.checksumLabel, c.agreement.sha256, 'mono'],
  ];
  const labelWidth = labelColumnWidth(
    writer,
    styles.label,
    [...customer, ...representative, ...agreement].map(([label]) => label),
  );
  section(writer, styles, copy.customerHeading, customer, labelWidth);
  section(writer, styles, copy.representativeHeading, representative, labelWidth);
  section(writer, styles, copy.agreementHeading, agreement, labelWidth);
  writer.space(6);
  writer.paragraph(c.attached ? copy.attachedNote : copy.linkedNote, styles.body);

  // The declaration is what the signature means: never a page break between them.
  const declaration = copy.declaration(c.values);
  const record = copy.record(c.values);
  const declarationLines = writer.wrap(declaration, styles.body, writer.width - 2 * PANEL_PADDING).length;
  const recordLines = writer.wrap(record, styles.body, writer.width).length;
  writer.space(SECTION_GAP);
  writer.ensure(
    styles.heading.lineHeight +
      6 +
      declarationLines * styles.body.lineHeight +
      2 * PANEL_PADDING +
      8 +
      recordLines * styles.body.lineHeight +
      BEFORE_SIGNATURES +
      SIGNATURE_BLOCK_HEIGHT,
  );
  writer.paragraph(copy.declarationHeading, styles.heading);
  writer.space(6);
  writer.panel(declaration, styles.body, COLORS.panel, PANEL_PADDING);
  writer.space(8);
  writer.paragraph(record, styles.body);
  writer.space(BEFORE_SIGNATURES);
  drawSignatureBlock(writer, styles, {
    signature: copy.signatureLabel,
    fullName: copy.fullNameLabel,
    date: copy.dateLabel,
  });
}
