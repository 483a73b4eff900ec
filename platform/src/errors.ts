/**
 * One error type with a stable code; services/api maps it to RFC 9457 problem documents.
 * The code list is the API's error vocabulary: add here, never invent codes inline.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** The API key's scope does not cover this call (an `orders` key outside POST /v1/orders/authorize). */
  FORBIDDEN_SCOPE: 403,
  NOT_FOUND: 404,
  CUSTOMER_EXISTS: 409,
  MCA_ALREADY_ACCEPTED: 409,
  CONSENT_REQUEST_PENDING: 409,
  INVALID_STATE: 409,
  /** Deleting this key would leave the partner without a `full` key: nobody could manage keys any more. */
  LAST_FULL_KEY: 409,
  /** A partner holds MAX_API_KEYS_PER_PARTNER keys already: delete one first. */
  TOO_MANY_API_KEYS: 409,
  /** The customer's personal data was erased (GDPR Art. 17): its documents and names are gone for good. */
  PERSONAL_DATA_ERASED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CHANNEL_UNAVAILABLE: 422,
  /** A consent request names no representative and its customer has no default one. */
  REPRESENTATIVE_REQUIRED: 422,
  /** A CSV import's header row lacks a required column, or names one it does not know. */
  CSV_HEADER_INVALID: 400,
  /** Partner Center does not list the partner as the customer's reseller: nothing of Partner Center's is used for it. */
  PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED: 422,
  /** The partner spent its budget for this kind of call; Retry-After says when it refills. */
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  /** Stored evidence no longer matches the hash recorded when it was kept: never served as if it did. */
  EVIDENCE_ALTERED: 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
