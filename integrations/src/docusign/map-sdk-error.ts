import { DocuSignError, type DocuSignErrorKind } from './docusign-error';
import { headerReader, retryAfterMs } from './retry-after';
import { isSdkHttpError } from './sdk-types';
import { asObject, readString } from '../../../platform/src/wire/json-readers';

/** HOURLY_APIINVOCATION_LIMIT_EXCEEDED, Burst_Envelope_Polling_Limit_Exceeded, … arrive as HTTP 400. */
const LIMIT_CODE = /_LIMIT_EXCEEDED$/i;
/** DocuSign answers an unknown envelope with 400, not 404. */
const NOT_FOUND_CODES = new Set(['ENVELOPE_DOES_NOT_EXIST']);
const MAX_ERROR_BODY_BYTES = 64 * 1024;

interface ErrorBody {
  code?: string;
  message?: string;
}

/**
 * Turns what the SDK rejects with (an AxiosError) into a DocuSignError. Anything else is a bug on
 * our side and is returned unchanged. Never copies the axios error itself: its config holds the
 * bearer token (and, for token calls, the signed assertion).
 */
export async function mapSdkError(err: unknown, what: string, nowMs: number): Promise<unknown> {
  if (!isSdkHttpError(err)) return err;
  const response = err.response;
  if (!response) {
    const cause = [err.code, err.message].filter(Boolean).join(' ');
    return new DocuSignError('unavailable', `DocuSign ${what} failed: no response (${cause})`);
  }
  const { status } = response;
  const body = await readErrorBody(response.data);
  const detail = [body.code, body.message].filter(Boolean).join(': ') || 'no error details';
  const message = `DocuSign ${what} failed: HTTP ${status} ${detail}`;
  const base = { status, ...(body.code ? { code: body.code } : {}) };

  if (status === 429 || (status === 400 && body.code && LIMIT_CODE.test(body.code))) {
    return new DocuSignError('rate-limited', message, { ...base, retryAfterMs: retryAfterMs(headerReader(response.headers), nowMs) });
  }
  return new DocuSignError(kindFor(status, body.code), message, base);
}

function kindFor(status: number, code: string | undefined): DocuSignErrorKind {
  if (code && NOT_FOUND_CODES.has(code)) return 'not-found';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status >= 400 && status < 500) return 'invalid-request';
  return 'unavailable';
}

/**
 * REST errors are {errorCode, message}; the OAuth endpoint answers {error, error_description}.
 * For document downloads the SDK asks axios for a stream, so the error body is a stream too.
 */
async function readErrorBody(data: unknown): Promise<ErrorBody> {
  let parsed: unknown = data;
  if (isReadable(data)) parsed = await readSmallStream(data);
  if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) {
    try {
      parsed = JSON.parse(parsed.toString());
    } catch {
      return {};
    }
  }
  const obj = asObject(parsed);
  const code = readString(obj, 'errorCode') ?? readString(obj, 'error');
  const message = readString(obj, 'message') ?? readString(obj, 'error_description');
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

function isReadable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value && 'pipe' in value;
}

async function readSmallStream(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buf);
      size += buf.length;
      if (size > MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // A broken error body still leaves the status to go on.
  }
  return Buffer.concat(chunks).toString('utf8');
}
