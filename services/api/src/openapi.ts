import { z } from 'zod';
import { MCA_STATUSES } from '@mca/core';
import * as S from './schemas';
import { buildDocument, empty, ok, raw, type Operation, type RouteTable } from './openapi/builder';

/** A console form body: its fields (all strings) and the `_csrf` token. */
function form(type: 'application/x-www-form-urlencoded' | 'multipart/form-data', fields: string[]) {
  return {
    required: true,
    content: { [type]: { schema: { type: 'object', properties: Object.fromEntries(['_csrf', ...fields].map((f) => [f, { type: 'string' }])) } } },
  };
}
const page = (operationId: string, summary: string): Operation => ({
  operationId,
  tag: 'Console',
  summary,
  guard: 'console',
  responses: { '200': raw('text/html', 'the page'), '303': empty('not signed in: to /') },
});
const formPost = (
  operationId: string,
  summary: string,
  fields: string[],
  type: 'application/x-www-form-urlencoded' | 'multipart/form-data' = 'application/x-www-form-urlencoded',
): Operation => ({
  operationId,
  tag: 'Console',
  summary,
  guard: 'console',
  ...(fields.length ? { body: form(type, fields) } : {}),
  responses: { '303': empty('done: back to the page, which says so') },
  problems: { '409': 'refused: the page again, with the reason' },
});

/**
 * Every route the API serves, as the OpenAPI document describes it (GET /openapi.json).
 * A new route is one entry here, keyed `METHOD /path/{param}` like its express route
 * (`:param` becomes `{param}`): its operationId, tag, summary, the zod schemas it validates
 * (path, query, body: parameters and components come from them) and its own success responses
 * and problems. The problems its guard and input imply (400, 401, 403, 404, 413, 429, 500, 503)
 * are added by the builder. test/integration/openapi-document.test.ts fails for a route missing here.
 */
const ROUTES: RouteTable = {
  'POST /v1/partners': {
    operationId: 'createPartner',
    tag: 'Partners',
    summary: 'Create a partner (admin)',
    guard: 'admin',
    body: S.CreatePartnerBody,
    responses: { '201': ok(S.CreatedPartner, "created; apiKey (the partner's first key, scope full) and webhookSecret are shown once") },
  },
  'POST /v1/api-keys': {
    operationId: 'createApiKey',
    tag: 'API keys',
    summary: 'Create an API key (rotation: create a new key, switch to it, delete the old one)',
    body: S.CreateApiKeyBody,
    responses: { '201': ok(S.CreatedApiKey, 'created; apiKey is shown once') },
    problems: { '409': 'TOO_MANY_API_KEYS: 50 keys at most; delete one first' },
  },
  'GET /v1/api-keys': {
    operationId: 'listApiKeys',
    tag: 'API keys',
    summary: "The partner's API keys (never the key or its hash)",
    responses: { '200': ok(S.ApiKeyList, 'oldest first') },
  },
  'DELETE /v1/api-keys/{id}': {
    operationId: 'deleteApiKey',
    tag: 'API keys',
    summary: 'Revoke an API key: refused on every API instance within 5 s',
    path: S.IdParams,
    responses: { '204': empty('revoked') },
    problems: { '409': "LAST_FULL_KEY: the partner's last full key; create another first" },
  },
  'POST /v1/customers': {
    operationId: 'createCustomer',
    tag: 'Customers',
    summary: 'Create a customer',
    description:
      "`confidential: true` marks a customer under professional secrecy (StGB section 203): its webhooks, events and notification emails carry customerId, tenantId and request ids only, never the customer's or a representative's name or address (a reason has them taken out). This API and the console still show the names to the partner. Set at creation (or by the import) only.",
    body: S.CreateCustomerBody,
    responses: { '201': ok(S.Customer, 'created') },
    problems: { '409': 'CUSTOMER_EXISTS: the partner has a customer with this tenant id' },
  },
  'GET /v1/customers': {
    operationId: 'listCustomers',
    tag: 'Customers',
    summary: 'List customers',
    query: S.ListCustomersQuery,
    responses: { '200': ok(S.CustomerList, 'a page; pass nextCursor as cursor for the next') },
  },
  'POST /v1/customers/import': {
    operationId: 'importCustomers',
    tag: 'Customers',
    summary: 'Import customers from a CSV file (UTF-8; quoted fields, BOM and CRLF welcome)',
    description:
      "Header row `tenantId,name,country,language[,firstName,lastName,email,phone][,confidential]` (columns in any order, matched without regard to case; the representative columns give the customer's default representative; `confidential` is true/false/1/0/yes/no, empty meaning false, anything else an invalid row). Each row is validated as POST /v1/customers validates its body; an invalid row is listed with the line it starts on (the header is line 1) and skipped. A tenant the partner already has, or one that came earlier in the same file, counts as `existing` and is left unchanged. Rows are written in batches as the file streams in: on an error midway the rows before it stand, and importing the same file again is safe. A CSV syntax error (an unclosed or stray quote) is listed at the line its record starts on and costs only that line: reading goes on from the next one. The whole file is one call on the rate limit.",
    query: S.ImportCustomersQuery,
    body: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
    responses: { '200': ok(S.ImportResult, 'counted: created, existing, and the invalid rows (the first 1,000; invalidCount has them all)') },
    problems: {
      '400': 'CSV_HEADER_INVALID (the problem names the `column`: missing, unknown or twice), or VALIDATION_FAILED',
      '413': "PAYLOAD_TOO_LARGE: the file is larger than the deployment's import limit (counted as it streams)",
      '415': 'UNSUPPORTED_MEDIA_TYPE: not text/csv, or a charset other than UTF-8',
    },
  },
  'GET /v1/reports/consents.csv': {
    operationId: 'getConsentReport',
    tag: 'Reports',
    summary: "The auditor's list: one row per customer, who accepted, when, how, on which agreement, with the evidence hashes",
    description:
      'Streamed `text/csv` (UTF-8 with BOM, CRLF, RFC 4180 quoting), oldest customer first, as an attachment `consents-YYYY-MM-DD.csv`. Columns: tenantId, customerName, country, language, mcaStatus, method, orderingStatus, representativeName, representativeEmail (who consented), dateAgreed, recordedAt, agreementCountry, agreementLanguage, agreementSha256, evidenceKind, evidenceSha256 (`name:sha256` per evidence document, space-separated; the documents are served at /v1/customers/{id}/consent-records/{consentRecordId}/documents/{name}), consentRecordId. The consent shown is the one the MCA status rests on, else the written consent; a customer without consent has those columns empty. A cell that starts with =, +, -, @, tab or CR is prefixed with a single quote (OWASP CSV injection) so no spreadsheet runs it as a formula. Should the report fail midway the connection is cut, so a partial file never looks complete.',
    responses: { '200': raw('text/csv', 'the report') },
  },
  'GET /v1/customers/{id}': {
    operationId: 'getCustomer',
    tag: 'Customers',
    summary: 'Get a customer',
    path: S.IdParams,
    responses: { '200': ok(S.Customer, 'the customer') },
  },
  'DELETE /v1/customers/{id}/personal-data': {
    operationId: 'erasePersonalData',
    tag: 'Customers',
    summary: "Erase the customer's personal data (GDPR Art. 17): its data key is destroyed",
    description:
      'Every representative, reply, scan and signed document kept for this customer is sealed under its own data key; this destroys the key, so all of it is unreadable for good (backups included). Live requests are cancelled first, and a `customer.erased` event is appended to the audit chain before the key goes. The customer stays (tenant, MCA status, ordering), shown with `personalDataErasedAt` and no representative; consent records keep their hashes; their documents answer 410; the evidence pack still builds and verifies. New personal data for the customer is refused (410). Repeating the call changes nothing and answers 204 again.',
    path: S.IdParams,
    responses: { '204': empty('erased (or erased before)') },
  },
  'POST /v1/customers/{id}/consent-requests': {
    operationId: 'createConsentRequest',
    tag: 'Consent requests',
    summary: 'Ask the representative for consent',
    path: S.IdParams,
    body: S.CreateConsentRequestBody,
    responses: { '202': ok(S.ConsentRequest, 'queued') },
    problems: {
      '409': 'MCA_ALREADY_ACCEPTED or CONSENT_REQUEST_PENDING',
      '422':
        "CHANNEL_UNAVAILABLE, REPRESENTATIVE_REQUIRED (no representative in the body and none on the customer), or PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED (channel microsoft: Partner Center does not list this partner as the customer's reseller)",
    },
  },
  'GET /v1/customers/{id}/consent-requests/{requestId}': {
    operationId: 'getConsentRequest',
    tag: 'Consent requests',
    summary: 'Get a consent request with its history',
    path: S.RequestParams,
    responses: { '200': ok(S.ConsentRequest, 'the request') },
  },
  'POST /v1/customers/{id}/consent-requests/{requestId}/cancel': {
    operationId: 'cancelConsentRequest',
    tag: 'Consent requests',
    summary: 'Cancel a request',
    path: S.RequestParams,
    responses: { '200': ok(S.ConsentRequest, 'cancelled') },
    problems: { '409': 'INVALID_STATE: the request is no longer live' },
  },
  'POST /v1/customers/{id}/consent-requests/{requestId}/review': {
    operationId: 'reviewConsentRequest',
    tag: 'Consent requests',
    summary:
      "Decide a needs-review request: accept the reply as the customer's email consent (recorded once, then unlocked like any consent) or reject it (declined); the note goes into the history",
    path: S.RequestParams,
    body: S.ReviewDecisionBody,
    responses: { '200': ok(S.ConsentRequest, 'accepted or declined') },
    problems: { '409': 'INVALID_STATE: the request is not in needs-review (or went there without an email reply to accept); MCA_ALREADY_ACCEPTED' },
  },
  'POST /v1/customers/{id}/consent-requests/{requestId}/resend': {
    operationId: 'resendConsentRequest',
    tag: 'Consent requests',
    summary: 'Send the request again',
    path: S.RequestParams,
    responses: { '202': ok(S.ConsentRequest, 'queued again') },
    problems: { '409': 'INVALID_STATE: the request cannot be sent again' },
  },
  'POST /v1/customers/{id}/signed-copies': {
    operationId: 'uploadSignedCopy',
    tag: 'Consent records',
    summary: 'Record a consent collected on paper: upload the signed copy (scan or postal signature)',
    path: S.IdParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: (({ properties, ...rest }) => ({
            ...rest,
            properties: { ...properties, evidence: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG' } },
          }))(z.toJSONSchema(S.SignedCopyFields, { io: 'input', unrepresentable: 'any' }) as { properties?: object }),
        },
      },
    },
    responses: { '201': ok(S.ConsentRecord, 'consent recorded as method attestation') },
    problems: {
      '409': 'MCA_ALREADY_ACCEPTED',
      '413': "PAYLOAD_TOO_LARGE: the file is larger than the deployment's evidence limit, or too many parts",
      '415': 'UNSUPPORTED_MEDIA_TYPE: not multipart/form-data, or the file is not PDF/PNG/JPEG',
    },
  },
  'POST /v1/customers/{id}/attestations': {
    operationId: 'uploadSignedCopyAlias',
    tag: 'Consent records',
    summary: 'The former path of POST /v1/customers/{id}/signed-copies (an alias)',
    deprecated: true,
    path: S.IdParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: (({ properties, ...rest }) => ({
            ...rest,
            properties: { ...properties, evidence: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG' } },
          }))(z.toJSONSchema(S.SignedCopyFields, { io: 'input', unrepresentable: 'any' }) as { properties?: object }),
        },
      },
    },
    responses: { '201': ok(S.ConsentRecord, 'consent recorded as method attestation') },
    problems: {
      '409': 'MCA_ALREADY_ACCEPTED',
      '413': "PAYLOAD_TOO_LARGE: the file is larger than the deployment's evidence limit, or too many parts",
      '415': 'UNSUPPORTED_MEDIA_TYPE: not multipart/form-data, or the file is not PDF/PNG/JPEG',
    },
  },
  'GET /v1/customers/{id}/consent-records': {
    operationId: 'listConsentRecords',
    tag: 'Consent records',
    summary: 'The consent records (one per layer) with their evidence documents',
    path: S.IdParams,
    responses: { '200': ok(S.ConsentRecordList, 'oldest first') },
  },
  'GET /v1/customers/{id}/consent-records/{recordId}/documents/{name}': {
    operationId: 'getEvidenceDocument',
    tag: 'Consent records',
    summary: 'One evidence document, as kept (checked against its recorded SHA-256 first; Repr-Digest carries it)',
    path: S.DocumentParams,
    responses: {
      '200': {
        description: 'the bytes, with Repr-Digest (RFC 9530)',
        content: Object.fromEntries(
          ['message/rfc822', 'application/pdf', 'image/png', 'image/jpeg', 'application/json'].map((t) => [
            t,
            { schema: { type: 'string', format: 'binary' } },
          ]),
        ),
      },
    },
    problems: { '500': 'EVIDENCE_ALTERED: the stored bytes no longer match the recorded hash' },
  },
  'GET /v1/customers/{id}/evidence-pack': {
    operationId: 'getEvidencePack',
    tag: 'Consent records',
    summary:
      "The auditor's pack (application/zip): certificate of consent (PDF), the evidence files, the customer's audit events, a signed checkpoint and this chain's inclusion proof, and an offline verifier (VERIFY.md, verify-pack.mjs)",
    description:
      "Reading the pack is itself recorded in the customer's audit chain (`evidence.read`), and a checkpoint covering it is signed before the pack is built.",
    path: S.IdParams,
    responses: { '200': raw('application/zip', 'the zip', { type: 'string', format: 'binary' }) },
    problems: { '500': 'EVIDENCE_ALTERED: a stored document no longer matches its recorded hash' },
  },
  'GET /v1/customers/{id}/audit-events': {
    operationId: 'listAuditEvents',
    tag: 'Consent records',
    summary: "The customer's audit chain (evidence vault): every event with its seq, type, time, data, hash and prevHash",
    description:
      'Oldest first (seq 1 up); pass `nextCursor` as `after` for the next page. Each `hash` can be re-computed from the event (README "Evidence vault") and each `prevHash` is the hash before it, so the pages can be checked offline.',
    path: S.IdParams,
    query: S.ListAuditEventsQuery,
    responses: { '200': ok(S.AuditEventList, 'a page of the chain') },
  },
  'POST /v1/orders/authorize': {
    operationId: 'authorizeOrder',
    tag: 'Orders',
    summary: 'May this tenant order now?',
    body: S.AuthorizeOrderBody,
    responses: { '200': ok(S.OrderDecision, 'the decision') },
  },
  'POST /v1/campaigns': {
    operationId: 'createCampaign',
    tag: 'Campaigns',
    summary: 'Start a consent campaign: one request of the channel per matching customer with a representative and not yet accepted',
    description:
      'Answers at once: the customers are walked by a queued job. Customers with a live request, without a representative or already accepted are counted `skipped`; customers Partner Center shows as accepted are recorded and counted `accepted`, not mailed. Sends are paced by the email rate and the DocuSign budget. `campaign.completed` comes once when nothing is left to wait for, or when it was cancelled.',
    body: S.CreateCampaignBody,
    responses: { '202': ok(S.Campaign, 'started') },
    problems: { '422': 'CHANNEL_UNAVAILABLE: the channel is not configured on this deployment' },
  },
  'GET /v1/campaigns': {
    operationId: 'listCampaigns',
    tag: 'Campaigns',
    summary: "The partner's campaigns, oldest first",
    query: S.ListCampaignsQuery,
    responses: { '200': ok(S.CampaignList, 'a page; pass nextCursor as cursor for the next') },
  },
  'GET /v1/campaigns/{id}': {
    operationId: 'getCampaign',
    tag: 'Campaigns',
    summary: 'A campaign with its counts',
    path: S.IdParams,
    responses: { '200': ok(S.Campaign, 'the campaign') },
  },
  'POST /v1/campaigns/{id}/pause': {
    operationId: 'pauseCampaign',
    tag: 'Campaigns',
    summary: 'Pause: unsent requests are held until resume',
    path: S.IdParams,
    responses: { '200': ok(S.Campaign, 'paused') },
    problems: { '409': 'INVALID_STATE: not running' },
  },
  'POST /v1/campaigns/{id}/resume': {
    operationId: 'resumeCampaign',
    tag: 'Campaigns',
    summary: 'Resume: held requests are sent, the fan-out goes on',
    path: S.IdParams,
    responses: { '200': ok(S.Campaign, 'running') },
    problems: { '409': 'INVALID_STATE: not paused' },
  },
  'POST /v1/campaigns/{id}/cancel': {
    operationId: 'cancelCampaign',
    tag: 'Campaigns',
    summary: 'Cancel: unsent requests are cancelled, the counts freeze',
    path: S.IdParams,
    responses: { '200': ok(S.Campaign, 'cancelled') },
    problems: { '409': 'INVALID_STATE: already ended' },
  },
  'GET /v1/events': {
    operationId: 'listEvents',
    tag: 'Events',
    summary: "The partner's events, oldest first: every event its webhooks carry, also without a webhook (kept at least 30 days)",
    description:
      "Each item is one event: `id` is the `webhook-id` of its delivery, `data` the webhook body's data. Follow `nextCursor` (as `after`) to page; once it is null, poll later with `after` = the last id seen. The newest few seconds are held back so a cursor never passes an event still being written.",
    query: S.ListEventsQuery,
    responses: { '200': ok(S.EventList, 'a page of events') },
  },
  'POST /webhooks/email': {
    operationId: 'receiveInboundEmail',
    tag: 'Inbound',
    summary: 'Inbound email: one raw RFC 5322 message',
    guard: 'inbound',
    body: { required: true, content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } },
    responses: { '202': ok(S.Received, 'stored (duplicate: true when seen before)') },
    problems: {
      '400': 'VALIDATION_FAILED: empty message',
      '413': 'PAYLOAD_TOO_LARGE: larger than MAX_INBOUND_EMAIL_BYTES',
      '415': 'UNSUPPORTED_MEDIA_TYPE: not message/rfc822',
    },
  },
  'POST /webhooks/docusign': {
    operationId: 'receiveConnectMessage',
    tag: 'Inbound',
    summary: 'DocuSign Connect (JSON SIM or legacy XML), verified against X-DocuSign-Signature-1..N',
    guard: 'docusign',
    body: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'text/xml': { schema: { type: 'string' } } } },
    responses: { '200': ok(S.Received, 'stored (duplicate: true when seen before)') },
    problems: {
      '400': 'VALIDATION_FAILED: not a Connect message',
      '401': 'UNAUTHENTICATED: signature missing or wrong, or no DOCUSIGN_CONNECT_HMAC_KEYS configured',
      '413': 'PAYLOAD_TOO_LARGE: larger than MAX_CONNECT_MESSAGE_BYTES',
    },
  },
  'GET /healthz': { operationId: 'getHealth', tag: 'Operations', summary: 'Process is up', guard: 'none', responses: { '200': ok(S.Health, 'ok') } },
  'GET /readyz': {
    operationId: 'getReadiness',
    tag: 'Operations',
    summary: 'MongoDB and Redis reachable',
    guard: 'none',
    responses: { '200': ok(S.Readiness, 'ready'), '503': ok(S.Readiness, 'not ready: which one is down') },
  },
  'GET /metrics': {
    operationId: 'getMetrics',
    tag: 'Operations',
    summary: 'Prometheus metrics of this process',
    guard: 'none',
    responses: { '200': raw('text/plain', 'text exposition format') },
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    tag: 'Operations',
    summary: 'This document',
    guard: 'none',
    responses: { '200': raw('application/json', 'OpenAPI 3.1', { type: 'object' }) },
  },
  // The partner console (services/api/src/console/): HTML pages and form posts. A browser carries
  // the session cookie (form posts also send their `_csrf` token); a script may send the API key.
  'GET /': {
    operationId: 'getConsoleSignIn',
    tag: 'Console',
    summary: 'Partner console: the sign-in page (redirects to /customers when signed in)',
    guard: 'none',
    responses: { '200': raw('text/html', 'the page') },
  },
  'POST /sign-in': {
    operationId: 'consoleSignIn',
    tag: 'Console',
    summary: 'Exchange an API key for the console session cookie (HttpOnly, SameSite=Strict, sealed)',
    guard: 'none',
    body: form('application/x-www-form-urlencoded', ['apiKey']),
    responses: { '303': empty('signed in: to /customers') },
    problems: { '401': 'unknown or orders-scope key', '403': 'CSRF token missing or wrong' },
  },
  'POST /sign-out': {
    operationId: 'consoleSignOut',
    tag: 'Console',
    summary: 'End the console session',
    guard: 'none',
    body: form('application/x-www-form-urlencoded', []),
    responses: { '303': empty('to /') },
    problems: { '403': 'CSRF token missing or wrong' },
  },
  'GET /admin/sign-in': {
    operationId: 'getOperatorSignIn',
    tag: 'Console',
    summary: "Operators' sign-in for the queue dashboard (/admin/queues, bull-board)",
    guard: 'none',
    responses: { '200': raw('text/html', 'the page') },
  },
  'POST /admin/sign-in': {
    operationId: 'operatorSignIn',
    tag: 'Console',
    summary: 'Exchange the admin token for an operator session',
    guard: 'none',
    body: form('application/x-www-form-urlencoded', ['adminToken']),
    responses: { '303': empty('to /admin/queues') },
    problems: { '401': 'wrong token', '403': 'CSRF token missing or wrong' },
  },
  'GET /customers': {
    ...page('getConsoleCustomers', 'Customers: counts per MCA status, search (q), status filter, cursor paging'),
    query: z.object({
      q: z.string().max(200).optional().describe('name or tenant id'),
      status: z.enum(MCA_STATUSES).optional(),
      cursor: z
        .string()
        .regex(/^[a-f0-9]{24}$/i)
        .optional(),
    }),
  },
  'GET /customers/{id}': {
    ...page('getConsoleCustomer', 'A customer: consent, current request, review, signed-copy upload, timeline, evidence'),
    path: S.IdParams,
  },
  'GET /customers/{id}/confirm': { ...page('getConsoleConfirm', 'Confirm MCA Acceptance: the representative and channel form'), path: S.IdParams },
  'POST /customers/{id}/consent-requests': {
    ...formPost('consoleSendConsentRequest', 'Send a consent request (the form of Confirm MCA Acceptance)', [
      'firstName',
      'lastName',
      'email',
      'phone',
      'channel',
    ]),
    path: S.IdParams,
  },
  'POST /customers/{id}/requests/{requestId}/resend': { ...formPost('consoleResendRequest', 'Resend the request', []), path: S.RequestParams },
  'POST /customers/{id}/requests/{requestId}/cancel': { ...formPost('consoleCancelRequest', 'Cancel the request', []), path: S.RequestParams },
  'POST /customers/{id}/requests/{requestId}/review': {
    ...formPost('consoleReviewRequest', 'Decide a needs-review request (decision accept|reject, note)', ['decision', 'note']),
    path: S.RequestParams,
  },
  'POST /customers/{id}/attestations': {
    ...formPost(
      'consoleUploadSignedCopy',
      'Upload a signed copy (evidence file and representative)',
      ['firstName', 'lastName', 'email', 'phone', 'dateAgreed', 'evidence'],
      'multipart/form-data',
    ),
    path: S.IdParams,
  },
  'GET /customers/{id}/records/{recordId}/documents/{name}': {
    ...page('getConsoleEvidenceDocument', 'Download an evidence document (checked against its recorded SHA-256)'),
    path: S.DocumentParams,
  },
  'GET /customers/{id}/evidence-pack': {
    ...page('getConsoleEvidencePack', "Download the customer's evidence pack (the zip of GET /v1/customers/{id}/evidence-pack)"),
    path: S.IdParams,
  },
  'GET /import': page('getConsoleImport', 'Import customers from a CSV file'),
  'POST /import': formPost('consoleImport', 'Check (mode=dry-run) or import (mode=import) a CSV file', ['mode', 'file'], 'multipart/form-data'),
  'GET /campaigns': {
    ...page('getConsoleCampaigns', 'Campaigns: the newest first with their counts, and the form to start one (channel and status prefill it)'),
    query: z.object({
      before: z
        .string()
        .regex(/^[a-f0-9]{24}$/i)
        .optional()
        .describe('paging: campaigns older than this one'),
      channel: z.enum(['email', 'docusign', 'microsoft']).optional(),
      status: z.enum(MCA_STATUSES).optional().describe('a ticked MCA status of the form (repeatable)'),
    }),
  },
  'POST /campaigns': formPost('consoleStartCampaign', 'Start a campaign (name, channel, mcaStatus repeated per ticked status)', [
    'name',
    'channel',
    'mcaStatus',
  ]),
  'GET /campaigns/{id}': { ...page('getConsoleCampaign', 'A campaign: its progress bar, counts, and pause, resume, cancel'), path: S.IdParams },
  'GET /campaigns/{id}/progress': {
    operationId: 'getConsoleCampaignProgress',
    tag: 'Console',
    summary: "A campaign's counts and progress as JSON: what the campaign page polls to move its bar",
    guard: 'console',
    path: S.IdParams,
    responses: { '200': ok(S.CampaignProgress, 'the counts now'), '303': empty('not signed in: to /') },
  },
  'POST /campaigns/{id}/pause': { ...formPost('consolePauseCampaign', 'Pause the campaign', []), path: S.IdParams },
  'POST /campaigns/{id}/resume': { ...formPost('consoleResumeCampaign', 'Resume the campaign', []), path: S.IdParams },
  'POST /campaigns/{id}/cancel': { ...formPost('consoleCancelCampaign', 'Cancel the campaign', []), path: S.IdParams },
};

const webhook = (operationId: string, summary: string, schema: z.ZodType): Operation => ({
  operationId,
  tag: 'Partner webhooks',
  summary,
  description:
    "POSTed to the partner's webhookUrl, signed per Standard Webhooks (headers webhook-id: the event id, stable across retries; webhook-timestamp; webhook-signature: v1,<HMAC-SHA256 with the partner's webhookSecret>). Retried for a while after the event (72 hours by default) unless answered 2xx. For a confidential customer the data carries ids and the tenant id only: no customerName, and a reason with every name, address and phone number taken out.",
  body: schema,
  responses: { '200': empty('any 2xx acknowledges the event') },
});

/** OpenAPI 3.1 `webhooks`: what the service sends to a partner's webhookUrl, one entry per event. */
const WEBHOOKS: Record<string, Operation> = {
  'customer.unlocked': webhook(
    'customerUnlocked',
    "The tenant may order: its consent is recorded (and Microsoft's, where this service also needs it)",
    S.CustomerUnlockedWebhook,
  ),
  'consent.declined': webhook('consentDeclined', 'The representative declined', S.ConsentDeclinedWebhook),
  'consent.needs_review': webhook('consentNeedsReview', 'A reply needs a person to read it (sender or wording not certain)', S.ConsentNeedsReviewWebhook),
  'consent.expired': webhook('consentExpired', 'The request went unanswered until it expired', S.ConsentExpiredWebhook),
  'campaign.completed': webhook(
    'campaignCompleted',
    'A campaign has nothing left to wait for (every request ended or in review), or was cancelled: its final counts',
    S.CampaignCompletedWebhook,
  ),
};

/** GET /openapi.json, generated from the same zod schemas the routes validate with. */
export function openApiDocument(publicUrl: string) {
  return buildDocument(
    publicUrl,
    {
      title: 'MCA consent service',
      version: '1.0.0',
      description:
        "Collects a customer's consent to the Microsoft Customer Agreement and unlocks the tenant for ordering. Errors are RFC 9457 problem documents with a stable `code`.",
    },
    ROUTES,
    WEBHOOKS,
  );
}
