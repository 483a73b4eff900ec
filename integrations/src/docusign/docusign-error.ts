export type DocuSignErrorKind = 'consent-required' | 'auth' | 'rate-limited' | 'not-found' | 'invalid-request' | 'unavailable';

/** Retrying cannot fix these: a person has to act (consent, configuration) or the request is wrong. */
const PERMANENT: ReadonlySet<DocuSignErrorKind> = new Set(['consent-required', 'auth', 'invalid-request', 'not-found']);

/**
 * Everything the DocuSign client throws. Messages carry DocuSign's errorCode and text but never
 * the private key, the JWT assertion or an access token, so they are safe to log and to store.
 */
export class DocuSignError extends Error {
  readonly kind: DocuSignErrorKind;
  readonly status?: number;
  /** DocuSign's errorCode (REST) or OAuth `error` (token endpoint). */
  readonly code?: string;
  readonly retryAfterMs?: number;
  /** true when retrying cannot help (consent-required, auth, invalid-request, not-found) */
  readonly permanent: boolean;

  constructor(kind: DocuSignErrorKind, message: string, details: { status?: number; code?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'DocuSignError';
    this.kind = kind;
    this.permanent = PERMANENT.has(kind);
    if (details.status !== undefined) this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}
