export type PartnerCenterErrorKind =
  | 'auth'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'invalid-request'
  /** 403 with code 13605: the tenant has not accepted the MCA */
  | 'mca-not-accepted';

/** Retrying cannot fix these: configuration, the request, or the customer has to change. */
const PERMANENT: ReadonlySet<PartnerCenterErrorKind> = new Set(['auth', 'not-found', 'invalid-request', 'mca-not-accepted']);

export interface PartnerCenterErrorDetails {
  status?: number;
  code?: string;
  retryAfterMs?: number;
  detail?: string;
  /** MS-CorrelationId of the call: what Microsoft support asks for. */
  correlationId?: string;
}

/**
 * Everything the Partner Center client throws. Messages carry Microsoft's code and description
 * but never a token, a client secret or a signed download link, so they are safe to log and store.
 */
export class PartnerCenterError extends Error {
  readonly kind: PartnerCenterErrorKind;
  readonly status?: number;
  /** Partner Center error code, e.g. '13605', '600061' (or the OAuth `error` of the token endpoint). */
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly permanent: boolean;
  /** Microsoft's description. */
  readonly detail?: string;
  readonly correlationId?: string;

  constructor(kind: PartnerCenterErrorKind, message: string, details: PartnerCenterErrorDetails = {}) {
    super(message);
    this.name = 'PartnerCenterError';
    this.kind = kind;
    this.permanent = PERMANENT.has(kind);
    if (details.status !== undefined) this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.detail !== undefined) this.detail = details.detail;
    if (details.correlationId !== undefined) this.correlationId = details.correlationId;
  }

  /** The same error with more said in the message (e.g. how many attempts were made). */
  withMessage(message: string): PartnerCenterError {
    return new PartnerCenterError(this.kind, message, {
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.code !== undefined ? { code: this.code } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(this.correlationId !== undefined ? { correlationId: this.correlationId } : {}),
    });
  }
}
