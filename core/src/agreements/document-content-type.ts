import { PDF_CONTENT_TYPE, WORD_CONTENT_TYPE, type AgreementContentType } from '@mca/templates';

/**
 * What the downloaded bytes are, from the bytes themselves: download hosts often answer
 * application/octet-stream, and an HTML error page saved as "the agreement" must never reach a
 * customer. Microsoft documents the download as Word (.docx, a zip package); a PDF is accepted too.
 * Undefined when the bytes are neither.
 */
export function agreementContentTypeOf(content: Buffer): AgreementContentType | undefined {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return PDF_CONTENT_TYPE;
  if (content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04) return WORD_CONTENT_TYPE;
  return undefined;
}

/** The file name with the extension that goes with the content type. */
export function agreementFileName(fileName: string, contentType: AgreementContentType): string {
  const ext = contentType === WORD_CONTENT_TYPE ? '.docx' : '.pdf';
  const base = fileName.replace(/\.[a-z0-9]{2,5}$/i, '') || 'microsoft-customer-agreement';
  return `${base}${ext}`;
}
