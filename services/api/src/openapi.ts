import { z } from 'zod';
import * as S from './schemas';

/** GET /openapi.json, generated from the same zod schemas the routes validate with. */
export function openApiDocument(publicUrl: string) {
  const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
  const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s, 'input') } } });
  const ok = (s: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: schema(s, 'output') } } });
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: schema(S.Problem, 'output') } } });
  const rateLimited = {
    description: "RATE_LIMITED: the partner's budget for this kind of call is spent (RATE_LIMIT_*_PER_MINUTE)",
    headers: { 'Retry-After': { description: 'seconds until the budget refills', schema: { type: 'integer' } } },
    content: { 'application/problem+json': { schema: schema(S.Problem, 'output') } },
  };
  const errors = {
    '400': problem('invalid input'),
    '401': problem('missing or unknown API key'),
    '403': problem("FORBIDDEN_SCOPE: the key's scope does not cover this call (an orders key may only call POST /v1/orders/authorize)"),
    '404': problem('not found (or another partner\'s)'),
    '429': rateLimited,
  };
  const partner = [{ apiKey: [] }];
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const requestIdParam = { name: 'requestId', in: 'path', required: true, schema: { type: 'string' } };

  return {
    openapi: '3.1.0',
    info: {
      title: 'MCA consent service',
      version: '1.0.0',
      description: "Collects a customer's consent to the Microsoft Customer Agreement and unlocks the tenant for ordering. Errors are RFC 9457 problem documents with a stable `code`.",
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: "a partner's API key (mca_…); scope full, or orders for POST /v1/orders/authorize only" },
        admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        inbound: { type: 'http', scheme: 'bearer', description: 'INBOUND_EMAIL_SECRET' },
      },
    },
    paths: {
      '/v1/partners': {
        post: { summary: 'Create a partner (admin)', security: [{ admin: [] }], requestBody: body(S.CreatePartnerBody), responses: { '201': ok(S.CreatedPartner, "created; apiKey (the partner's first key, scope full) and webhookSecret are shown once"), '400': errors['400'], '401': problem('missing or wrong admin token'), '403': problem('FORBIDDEN: the admin API is disabled') } },
      },
      '/v1/api-keys': {
        post: {
          summary: 'Create an API key (rotation: create a new key, switch to it, delete the old one)',
          security: partner,
          requestBody: body(S.CreateApiKeyBody),
          responses: { '201': ok(S.CreatedApiKey, 'created; apiKey is shown once'), '409': problem('TOO_MANY_API_KEYS: 50 keys at most; delete one first'), ...errors },
        },
        get: { summary: "The partner's API keys (never the key or its hash)", security: partner, responses: { '200': ok(S.ApiKeyList, 'oldest first'), ...errors } },
      },
      '/v1/api-keys/{id}': {
        delete: {
          summary: 'Revoke an API key: refused on every API instance within 5 s',
          security: partner,
          parameters: [idParam],
          responses: { '204': { description: 'revoked' }, '409': problem("LAST_FULL_KEY: the partner's last full key; create another first"), ...errors },
        },
      },
      '/v1/customers': {
        post: { summary: 'Create a customer', security: partner, requestBody: body(S.CreateCustomerBody), responses: { '201': ok(S.Customer, 'created'), '409': problem('CUSTOMER_EXISTS'), ...errors } },
        get: {
          summary: 'List customers',
          security: partner,
          parameters: ['mcaStatus', 'limit', 'cursor'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
          responses: { '200': ok(S.CustomerList, 'a page; pass nextCursor as cursor for the next'), ...errors },
        },
      },
      '/v1/customers/import': {
        post: {
          summary: 'Import customers from a CSV file (UTF-8; quoted fields, BOM and CRLF welcome)',
          description:
            'Header row `tenantId,name,country,language[,firstName,lastName,email,phone]` (columns in any order, matched without regard to case; the representative columns give the customer\'s default representative). Each row is validated as POST /v1/customers validates its body; an invalid row is listed with the line it starts on (the header is line 1) and skipped. A tenant the partner already has, or one that came earlier in the same file, counts as `existing` and is left unchanged. Rows are written in batches as the file streams in: on an error midway the rows before it stand, and importing the same file again is safe. A CSV syntax error (an unclosed quote) ends the reading: it is the last invalid entry. The whole file is one call on the rate limit.',
          security: partner,
          parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean', default: false }, description: 'validate and count, write nothing' }],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: {
            '200': ok(S.ImportResult, 'counted: created, existing, and the invalid rows (the first 1,000; invalidCount has them all)'),
            '400': problem('CSV_HEADER_INVALID (the problem names the `column`: missing, unknown or twice), or VALIDATION_FAILED'),
            '413': problem('PAYLOAD_TOO_LARGE: the file is larger than MAX_IMPORT_BYTES (counted as it streams)'),
            '415': problem('UNSUPPORTED_MEDIA_TYPE: not text/csv, or a charset other than UTF-8'),
            '401': errors['401'],
            '403': errors['403'],
            '429': errors['429'],
          },
        },
      },
      '/v1/reports/consents.csv': {
        get: {
          summary: "The auditor's list: one row per customer, who accepted, when, how, on which agreement, with the evidence hashes",
          description:
            'Streamed `text/csv` (UTF-8 with BOM, CRLF, RFC 4180 quoting), oldest customer first, as an attachment `consents-YYYY-MM-DD.csv`. Columns: tenantId, customerName, country, language, mcaStatus, method, orderingStatus, representativeName, representativeEmail (who consented), dateAgreed, recordedAt, agreementCountry, agreementLanguage, agreementSha256, evidenceKind, evidenceSha256 (`name:sha256` per evidence document, space-separated; the documents are served at /v1/customers/{id}/consent-records/{consentRecordId}/documents/{name}), consentRecordId. The consent shown is the one the MCA status rests on, else the written consent; a customer without consent has those columns empty. A cell that starts with =, +, -, @, tab or CR is prefixed with a single quote (OWASP CSV injection) so no spreadsheet runs it as a formula. Should the report fail midway the connection is cut, so a partial file never looks complete.',
          security: partner,
          responses: { '200': { description: 'the report', content: { 'text/csv': { schema: { type: 'string' } } } }, '401': errors['401'], '403': errors['403'], '429': errors['429'] },
        },
      },
      '/v1/customers/{id}': { get: { summary: 'Get a customer', security: partner, parameters: [idParam], responses: { '200': ok(S.Customer, 'the customer'), ...errors } } },
      '/v1/customers/{id}/consent-requests': {
        post: {
          summary: 'Ask the representative for consent',
          security: partner,
          parameters: [idParam],
          requestBody: body(S.CreateConsentRequestBody),
          responses: { '202': ok(S.ConsentRequest, 'queued'), '409': problem('MCA_ALREADY_ACCEPTED or CONSENT_REQUEST_PENDING'), '422': problem("CHANNEL_UNAVAILABLE, REPRESENTATIVE_REQUIRED (no representative in the body and none on the customer), or PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED (channel microsoft: Partner Center does not list this partner as the customer's reseller)"), ...errors },
        },
      },
      '/v1/customers/{id}/consent-requests/{requestId}': {
        get: { summary: 'Get a consent request with its history', security: partner, parameters: [idParam, requestIdParam], responses: { '200': ok(S.ConsentRequest, 'the request'), ...errors } },
      },
      '/v1/customers/{id}/consent-requests/{requestId}/cancel': {
        post: { summary: 'Cancel a request', security: partner, parameters: [idParam, requestIdParam], responses: { '200': ok(S.ConsentRequest, 'cancelled'), '409': problem('INVALID_STATE'), ...errors } },
      },
      '/v1/customers/{id}/consent-requests/{requestId}/resend': {
        post: { summary: 'Send the request again', security: partner, parameters: [idParam, requestIdParam], responses: { '202': ok(S.ConsentRequest, 'queued again'), '409': problem('INVALID_STATE'), ...errors } },
      },
      '/v1/customers/{id}/attestations': {
        post: {
          summary: 'Record a consent collected on paper (scan or postal signature)',
          security: partner,
          parameters: [idParam],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: { ...schema(S.AttestationFields, 'input'), properties: { ...(schema(S.AttestationFields, 'input') as { properties?: object }).properties, evidence: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG' } } },
              },
            },
          },
          responses: { '201': ok(S.ConsentRecord, 'consent recorded as method attestation'), '409': problem('MCA_ALREADY_ACCEPTED'), '413': problem('file too large'), '415': problem('not PDF/PNG/JPEG'), ...errors },
        },
      },
      '/v1/customers/{id}/consent-records': {
        get: { summary: 'The consent records (one per layer) with their evidence documents', security: partner, parameters: [idParam], responses: { '200': ok(S.ConsentRecordList, 'oldest first'), ...errors } },
      },
      '/v1/customers/{id}/consent-records/{recordId}/documents/{name}': {
        get: {
          summary: 'One evidence document, as kept (checked against its recorded SHA-256 first; Repr-Digest carries it)',
          security: partner,
          parameters: [idParam, { name: 'recordId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'name', in: 'path', required: true, schema: { type: 'string', enum: [...S.DOCUMENT_NAMES] } }],
          responses: {
            '200': { description: 'the bytes: message/rfc822, application/pdf, image/png, image/jpeg or application/json' },
            '500': problem('EVIDENCE_ALTERED: the stored bytes no longer match the recorded hash'),
            ...errors,
          },
        },
      },
      '/v1/customers/{id}/evidence-pack': {
        get: {
          summary: "The auditor's pack (application/zip): certificate of consent (PDF), the evidence files, the customer's audit events, a signed checkpoint and this chain's inclusion proof, and an offline verifier (VERIFY.md, verify-pack.mjs)",
          description: 'Reading the pack is itself recorded in the customer\'s audit chain (`evidence.read`), and a checkpoint covering it is signed before the pack is built.',
          security: partner,
          parameters: [idParam],
          responses: {
            '200': { description: 'the zip', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
            '500': problem('EVIDENCE_ALTERED: a stored document no longer matches its recorded hash'),
            ...errors,
          },
        },
      },
      '/v1/orders/authorize': {
        post: { summary: 'May this tenant order now?', security: partner, requestBody: body(S.AuthorizeOrderBody), responses: { '200': ok(S.OrderDecision, 'the decision'), ...errors } },
      },
      '/v1/events': {
        get: {
          summary: "The partner's events, oldest first: every event its webhooks carry, also without a webhook (kept at least 30 days)",
          description:
            'Each item is one event: `id` is the `webhook-id` of its delivery, `data` the webhook body\'s data. Follow `nextCursor` (as `after`) to page; once it is null, poll later with `after` = the last id seen. The newest few seconds are held back so a cursor never passes an event still being written.',
          security: partner,
          parameters: [
            { name: 'after', in: 'query', required: false, schema: { type: 'string' }, description: 'nextCursor of the page before, or the id of the last event processed' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: { '200': ok(S.EventList, 'a page of events'), '400': errors['400'], '401': errors['401'] },
        },
      },
      '/webhooks/email': {
        post: {
          summary: 'Inbound email: one raw RFC 5322 message',
          security: [{ inbound: [] }],
          requestBody: { required: true, content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } },
          responses: { '202': { description: 'stored (duplicate: true when seen before)' }, '400': problem('not a message'), '401': problem('bad token'), '413': problem('too large'), '415': problem('wrong content type') },
        },
      },
      '/webhooks/docusign': {
        post: {
          summary: 'DocuSign Connect (JSON SIM or legacy XML), verified against X-DocuSign-Signature-1..N',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'text/xml': { schema: { type: 'string' } } } },
          responses: { '200': { description: 'stored (duplicate: true when seen before)' }, '400': problem('not a Connect message'), '401': problem('signature missing or wrong'), '413': problem('larger than MAX_CONNECT_MESSAGE_BYTES') },
        },
      },
      '/healthz': { get: { summary: 'Process is up', responses: { '200': { description: 'ok' } } } },
      '/readyz': { get: { summary: 'MongoDB and Redis reachable', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/': { get: { summary: 'Operator console (HTML; it calls the partner API with the key typed in)', responses: { '200': { description: 'text/html' } } } },
    },
  };
}
