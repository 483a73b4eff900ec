import { ConnectMessageError } from './connect-message-error';
import { parseConnectJson } from './parse-connect-json';
import { parseConnectXml } from './parse-connect-xml';
import type { ConnectEvent } from './types';

/**
 * A Connect body, JSON SIM or legacy XML. The declared type decides when it names JSON or XML;
 * otherwise (missing, text/plain, octet-stream from a relay) the first character does.
 * Throws ConnectMessageError for anything else.
 */
export function parseConnectMessage(raw: Buffer, contentType: string | undefined): ConnectEvent {
  switch (formatOf(raw, contentType)) {
    case 'json':
      return parseConnectJson(raw);
    case 'xml':
      return parseConnectXml(raw);
    default:
      throw new ConnectMessageError(`not a DocuSign Connect message (content type ${contentType ?? 'none'})`);
  }
}

function formatOf(raw: Buffer, contentType: string | undefined): 'json' | 'xml' | undefined {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === 'application/json' || mime.endsWith('+json')) return 'json';
  if (mime === 'text/xml' || mime === 'application/xml' || mime.endsWith('+xml')) return 'xml';
  const first = raw
    .toString('utf8', 0, Math.min(raw.length, 64))
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (first === '{') return 'json';
  if (first === '<') return 'xml';
  return undefined;
}
