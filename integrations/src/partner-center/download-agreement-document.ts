import { createHash } from 'node:crypto';
import { parseAgreementDocumentLink } from './agreement-wire';
import { PartnerCenterError } from './partner-center-error';
import { jsonOrThrow, type Transport, type WireResponse } from './transport';
import type { AgreementDocumentFile } from './types';

/** Microsoft documents the download as a Word file. */
const WORD_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * GET /v1/agreementtemplates/{templateId}/document gives a link that expires after five minutes,
 * so the file is fetched at once and hashed: the file and its hash are the evidence, not the link.
 * A link refused on download (expired or its signature rejected) is asked for again once.
 */
export async function downloadAgreementDocument(
  transport: Transport,
  templateId: string,
  country: string,
  language: string,
  now: () => number,
): Promise<AgreementDocumentFile> {
  const path = `/v1/agreementtemplates/${encodeURIComponent(templateId)}/document`;
  const operation = `GET ${path}`;
  for (let round = 1; ; round++) {
    const linkAnswer = await transport.send({ method: 'GET', path, query: { language, country }, authenticated: true, operation });
    const link = parseAgreementDocumentLink(jsonOrThrow(linkAnswer, operation, now()));
    const location = withoutQuery(link.downloadUri);
    const file = await transport.send({ method: 'GET', url: link.downloadUri, authenticated: false, operation: `download of ${location}` });

    if (file.status >= 200 && file.status < 300) {
      if (file.bytes.length === 0) throw new PartnerCenterError('unavailable', `Partner Center agreement document at ${location} is empty`);
      return {
        templateId,
        country: link.country ?? country,
        language: link.language ?? language,
        fileName: fileNameOf(file, location, templateId, link.country ?? country, link.language ?? language),
        contentType: file.headers.get('content-type') ?? WORD_CONTENT_TYPE,
        content: file.bytes,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        downloadedFrom: location,
      };
    }
    if ((file.status === 403 || file.status === 404) && round === 1) continue;
    throw new PartnerCenterError(
      'unavailable',
      `Partner Center agreement document download from ${location} answered ${file.status}` +
        (round > 1 ? ' with a fresh link too (the link expires after 5 minutes: is this host’s clock or network slow?)' : ''),
      { status: file.status, correlationId: linkAnswer.correlationId },
    );
  }
}

/** The query of a download link is its signature: a credential for some minutes, not something to store. */
function withoutQuery(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.origin}${url.pathname}`;
  } catch {
    return uri.replace(/[?#].*$/, '');
  }
}

function fileNameOf(file: WireResponse, location: string, templateId: string, country: string, language: string): string {
  const disposition = file.headers.get('content-disposition') ?? '';
  const quoted = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  if (quoted) return safeFileName(decodeURIComponentSafe(quoted));
  const lastSegment = decodeURIComponentSafe(location.split('/').pop() ?? '');
  if (/\.[a-z0-9]{2,5}$/i.test(lastSegment)) return safeFileName(lastSegment);
  return `MCA-${templateId}-${country}-${language}.docx`;
}

function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
