import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { Locale } from '../locales';
import { oneLine } from '../render-blocks';
import { defuseAnchors } from './anchors';
import { ACCEPTANCE_FORM_COPY } from './copies';
import { FlowWriter } from './flow-writer';
import { embedFonts } from './fonts';
import { drawFooters } from './footer';
import { layoutForm } from './form-layout';
import { toPdfText } from './pdf-text';
import { formStyles } from './theme';
import type { AcceptanceFormInput } from './types';

export interface RenderAcceptanceFormOptions {
  /** Creation and modification date of the PDF; fix it and the output is byte-for-byte reproducible. */
  now?: Date;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * The form is evidence: a link that is not a web page, a checksum that is not one, or a
 * checksum that does not match the attached agreement would be printed as fact. Those are
 * bugs upstream, so they throw rather than render.
 */
function assertAgreement(agreement: AcceptanceFormInput['agreement'], attach: Buffer | undefined): void {
  let protocol: string;
  try {
    protocol = new URL(agreement.url).protocol;
  } catch {
    throw new Error(`Agreement link is not a valid URL: ${JSON.stringify(agreement.url)}`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(`Agreement link must be http(s), got ${JSON.stringify(protocol)}`);
  }
  if (!SHA256_HEX.test(agreement.sha256)) {
    throw new Error(`Agreement sha256 is not a SHA-256 hex digest: ${JSON.stringify(agreement.sha256)}`);
  }
  if (attach && createHash('sha256').update(attach).digest('hex') !== agreement.sha256.toLowerCase()) {
    throw new Error('Agreement sha256 does not match the attached agreement PDF');
  }
}

async function loadAgreementPdf(attach: Buffer): Promise<PDFDocument> {
  try {
    // Encrypted PDFs throw here too: their pages cannot be copied faithfully.
    const doc = await PDFDocument.load(attach, { updateMetadata: false });
    // pdf-lib parses leniently; a file without a page tree only fails when its pages are read.
    if (doc.getPageCount() === 0) throw new Error('it has no pages');
    return doc;
  } catch (err) {
    throw new Error(`Agreement PDF cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * One (or more, if the text needs it) A4 page in the locale's language recording the
 * acceptance of the MCA, with white DocuSign anchors on the signature, name and date lines;
 * the operator's agreement PDF, when given, follows it page for page.
 */
export async function renderAcceptanceForm(
  locale: Locale,
  input: AcceptanceFormInput,
  attach?: Buffer,
  opts: RenderAcceptanceFormOptions = {},
): Promise<Buffer> {
  const now = opts.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError('renderAcceptanceForm: `now` is an invalid Date');
  assertAgreement(input.agreement, attach);
  const source = attach ? await loadAgreementPdf(attach) : undefined;

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const styles = formStyles(fonts);
  const copy = ACCEPTANCE_FORM_COPY[locale];
  const printable = (value: string) => defuseAnchors(toPdfText(value, fonts.charset));
  const { representative: rep, agreement } = input;

  const writer = new FlowWriter(doc);
  layoutForm(writer, styles, copy, {
    values: { customer: printable(input.customerName), partner: printable(input.partnerName) },
    tenantId: printable(input.tenantId),
    representativeName: printable(`${rep.firstName} ${rep.lastName}`),
    email: printable(rep.email),
    agreement: {
      title: printable(agreement.title),
      url: printable(agreement.url),
      templateId: printable(agreement.templateId),
      languageCountry: printable(`${agreement.language} / ${agreement.country}`),
      sha256: agreement.sha256.toLowerCase(),
    },
    attached: source !== undefined,
  });
  drawFooters(writer.pages, styles.caption, copy.title, copy.page);

  // Metadata is UTF-16: the names go in unabridged, whatever the fonts could print.
  doc.setTitle(`${copy.title} – ${oneLine(input.customerName)}`, { showInWindowTitleBar: true });
  doc.setSubject(copy.title);
  doc.setAuthor(oneLine(input.partnerName));
  doc.setKeywords([agreement.templateId, agreement.sha256.toLowerCase()]);
  doc.setLanguage(locale);
  doc.setCreator('MCA consent service');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  if (source) {
    const pages = await doc.copyPages(source, source.getPageIndices());
    for (const page of pages) doc.addPage(page);
  }
  // Classic cross-reference table (no object streams): readable by any PDF tool an auditor may use.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
