/**
 * Local types for the part of `docusign-esign` (10.x, no bundled types) this service uses.
 * Read from the SDK source (src/ApiClient.js, src/api/EnvelopesApi.js, src/model/*): models are
 * plain objects on the wire, every scalar is a string (booleans are 'true'/'false').
 * docusign-esign.d.ts binds these to the module, so no `any` leaks into our code.
 */

export interface SdkTokenResponse {
  status: number;
  /** The SDK renames axios' `data` to `body` for token calls. */
  body: { access_token?: string; token_type?: string; expires_in?: number; error?: string; error_description?: string };
}

export interface SdkApiClient {
  /** Also re-derives the OAuth host from the REST host (demo -> account-d, else account): set OAuth after. */
  setBasePath(basePath: string): void;
  setOAuthBasePath(oAuthBasePath: string): void;
  getOAuthBasePath(): string;
  /** Per instance since SDK 8.0 (before: shared by every ApiClient). */
  addDefaultHeader(name: string, value: string): void;
  /** `expiresIn` is the lifetime of the signed JWT assertion, not of the access token. */
  requestJWTUserToken(clientId: string, userId: string, scopes: string[], rsaPrivateKey: string | Buffer, expiresIn: number): Promise<SdkTokenResponse>;
  timeout: number;
}

export interface SdkTab {
  anchorString: string;
  anchorUnits: 'pixels' | 'inches' | 'mms' | 'cms';
  anchorIgnoreIfNotPresent: 'true' | 'false';
  anchorXOffset?: string;
  anchorYOffset?: string;
}

export interface SdkSignerDefinition {
  recipientId: string;
  routingOrder: string;
  name: string;
  email: string;
  tabs?: { signHereTabs?: SdkTab[]; dateSignedTabs?: SdkTab[]; fullNameTabs?: SdkTab[] };
}

export interface SdkEventNotification {
  url: string;
  deliveryMode: 'SIM' | 'aggregate';
  eventData: { version: 'restv2.1'; format: 'json' | 'xml'; includeData: string[] };
  events: string[];
  includeHMAC: 'true' | 'false';
  /** Spelled without the "e" here; the account-level Connect configuration spells it requiresAcknowledgement. */
  requireAcknowledgment: 'true' | 'false';
  loggingEnabled: 'true' | 'false';
}

/** The SDK's `Notification` (with `Reminders` and `Expirations`): every value a string, days. */
export interface SdkNotification {
  useAccountDefaults: 'true' | 'false';
  reminders: { reminderEnabled: 'true' | 'false'; reminderDelay?: string; reminderFrequency?: string; maximumReminderCount?: string };
  expirations: { expireEnabled: 'true' | 'false'; expireAfter: string; expireWarn: string };
}

export interface SdkEnvelopeDefinition {
  emailSubject: string;
  emailBlurb: string;
  status: 'sent' | 'created';
  documents?: { documentBase64: string; name: string; fileExtension: string; documentId: string }[];
  recipients?: { signers: SdkSignerDefinition[] };
  templateId?: string;
  templateRoles?: { name: string; email: string; roleName: string }[];
  customFields: { textCustomFields: { name: string; value: string; show: 'true' | 'false' }[] };
  eventNotification: SdkEventNotification;
  notification?: SdkNotification;
}

/** Response models: only what we read, all optional because DocuSign omits empty fields. */
export interface SdkEnvelopeSummary {
  envelopeId?: string;
  status?: string;
  statusDateTime?: string;
  uri?: string;
}

export interface SdkEnvelopeUpdateSummary {
  envelopeId?: string;
  errorDetails?: { errorCode?: string; message?: string };
}

export interface SdkEnvelopesApi {
  /** Resolves to the deserialized model when no callback is passed (with a callback: the raw axios promise). */
  createEnvelope(accountId: string, opts: { envelopeDefinition: SdkEnvelopeDefinition }): Promise<SdkEnvelopeSummary>;
  getEnvelope(accountId: string, envelopeId: string, opts?: { include?: string }): Promise<unknown>;
  listRecipients(accountId: string, envelopeId: string): Promise<unknown>;
  /** GET …/envelopes?from_date&custom_field=name=value: {envelopes?: [{envelopeId, status, …}]}. */
  listStatusChanges(accountId: string, opts: { fromDate: string; customField: string }): Promise<unknown>;
  /**
   * Accept: application/pdf makes the SDK stream the body and resolve to a Buffer of the chunks,
   * or to '' when the body is empty. Error bodies then arrive as a stream, not parsed JSON.
   */
  getDocument(accountId: string, envelopeId: string, documentId: string, opts?: { certificate?: 'true' | 'false' }): Promise<Buffer | string>;
  update(
    accountId: string,
    envelopeId: string,
    opts: { resendEnvelope?: 'true'; envelope?: { status?: 'voided'; voidedReason?: string } },
  ): Promise<SdkEnvelopeUpdateSummary>;
}

export interface DocuSignSdk {
  ApiClient: new () => SdkApiClient;
  EnvelopesApi: new (apiClient: SdkApiClient) => SdkEnvelopesApi;
}

/** What the SDK rejects with for HTTP and network failures: an AxiosError. */
export interface SdkHttpError {
  isAxiosError: true;
  message: string;
  /** Node/axios error code for network failures, e.g. ECONNREFUSED, ECONNABORTED. */
  code?: string;
  response?: { status: number; headers: Record<string, unknown>; data: unknown };
}

export function isSdkHttpError(err: unknown): err is SdkHttpError {
  return typeof err === 'object' && err !== null && (err as { isAxiosError?: unknown }).isAxiosError === true;
}
