import { MICROSOFT_MCA_NOT_ACCEPTED_CODE, MICROSOFT_MCA_NOT_ACCEPTED_TEXT } from './error-codes';
import { PartnerCenterError, type PartnerCenterErrorKind } from './partner-center-error';
import { parseRetryAfter } from './retry-after';
import { asObject, readString } from '../../../platform/src/wire/json-readers';

/** Microsoft's descriptions are short; anything longer is an HTML error page, not worth keeping whole. */
const MAX_DETAIL_CHARS = 500;

export interface ErrorContext {
  /** e.g. "GET /v1/customers/{id}/agreements": named in the message. */
  operation?: string;
  correlationId?: string;
  nowMs?: number;
}

/**
 * Turns a non-2xx answer into a PartnerCenterError. Partner Center errors look like
 * `{ code: 600061, description, errorName, isRetryable, data, source }`; the gateway sometimes
 * answers `{ error: { code, message } }`, and the token endpoint `{ error, error_description }`.
 * Code 13605 means "MCA not accepted" whatever the status, so it is checked before the status.
 */
export function parsePartnerCenterError(status: number, body: unknown, headers: Headers, context: ErrorContext = {}): PartnerCenterError {
  const { code, description } = readCodeAndDescription(body);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), context.nowMs ?? Date.now());
  const kind = kindFor(status, code);
  const detail = kind === 'mca-not-accepted' ? (description ?? MICROSOFT_MCA_NOT_ACCEPTED_TEXT) : description;

  const where = context.operation ? `Partner Center ${context.operation}` : 'Partner Center';
  const message = `${where} answered ${status}${code ? ` (code ${code})` : ''}${detail ? `: ${detail}` : ''}`;
  return new PartnerCenterError(kind, message, {
    status,
    ...(code !== undefined ? { code } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(retryAfterMs !== undefined && (kind === 'rate-limited' || kind === 'unavailable') ? { retryAfterMs } : {}),
    ...(context.correlationId !== undefined ? { correlationId: context.correlationId } : {}),
  });
}

function kindFor(status: number, code: string | undefined): PartnerCenterErrorKind {
  if (code === MICROSOFT_MCA_NOT_ACCEPTED_CODE) return 'mca-not-accepted';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'unavailable';
  return 'invalid-request';
}

function readCodeAndDescription(body: unknown): { code?: string; description?: string } {
  const obj = asObject(body);
  if (!obj) {
    const text = typeof body === 'string' ? clip(body) : undefined;
    return text ? { description: text } : {};
  }
  const nested = asObject(obj.error);
  const code = readString(obj, 'code') ?? readString(nested, 'code') ?? readString(obj, 'errorCode') ?? readString(obj, 'error');
  const description = readString(obj, 'description') ?? readString(obj, 'message') ?? readString(nested, 'message') ?? readString(obj, 'error_description');
  return {
    ...(code !== undefined ? { code } : {}),
    ...(description !== undefined ? { description: clip(description) } : {}),
  };
}

function clip(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return trimmed.length > MAX_DETAIL_CHARS ? `${trimmed.slice(0, MAX_DETAIL_CHARS)}…` : trimmed;
}
