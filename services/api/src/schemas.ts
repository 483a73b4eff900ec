import { z } from 'zod';
import { API_KEY_SCOPES, CAMPAIGN_STATUSES, MCA_STATUSES, ORDER_ACTIONS, PARTNER_EVENTS, PROGRAMS, REQUEST_STATUSES } from '@mca/core';
import { getAlpha2Codes } from 'i18n-iso-countries';

/**
 * Request and response schemas of the HTTP API. Routes validate with them and
 * GET /openapi.json is generated from them, so the document cannot drift from the code.
 */
const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'must be an id');
const email = z.email().max(254);
const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')
  .transform((v) => v.toLowerCase());

export const PartnerCenterIdentity = z
  .strictObject({
    tenantId: guid.optional().describe("the partner's own Partner Center (Entra) tenant id"),
    mpnId: z
      .string()
      .regex(/^[0-9]{1,20}$/, 'must be digits')
      .optional()
      .describe('its MPN id (Partner ID)'),
  })
  .refine((v) => v.tenantId !== undefined || v.mpnId !== undefined, 'needs tenantId or mpnId')
  .describe(
    "Who the partner is in Partner Center. Partner Center's answers about a tenant (is the MCA accepted, who signed) are used for this partner only when GET /v1/customers/{tenant}/relationships lists it as the customer's reseller, by tenant id or MPN id; without it the Microsoft-side check is not made for its customers",
  );

export const CreatePartnerBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  notifyEmail: email.optional(),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .describe(
      'https (http only on a deployment that allows private addresses, for tests); its host must resolve to public addresses only, checked at each delivery',
    ),
  partnerCenter: PartnerCenterIdentity.optional(),
});

export const CreatedPartner = z.object({
  id: z.string(),
  name: z.string(),
  apiKey: z.string().describe('shown once; store it now'),
  webhookSecret: z.string().optional().describe('whsec_ + base64, shown once, present when webhookUrl is set'),
});

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('what the key is for, e.g. the system that holds it'),
  scope: z.enum(API_KEY_SCOPES).default('full').describe('full: the whole partner API; orders: only POST /v1/orders/authorize'),
});

export const CreatedApiKey = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  apiKey: z.string().describe('mca_ + 256 random bits; shown once, only its SHA-256 is kept'),
});

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  createdAt: z.string(),
  lastUsedAt: z.string().optional().describe('to the minute: written at most once a minute per key'),
});
export const ApiKeyList = z.object({ items: z.array(ApiKeyView) });

/** A customer's representative: who is asked for consent. One schema for the API, the CSV import and signed copies. */
export const Representative = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: email.transform((v) => v.toLowerCase()),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{4,30}$/, 'must be a phone number')
    .optional(),
});

/** The countries ISO 3166-1 assigns (and XK, which Microsoft's markets use): `XX` is a typo, not a market. */
const ASSIGNED_COUNTRIES = new Set(Object.keys(getAlpha2Codes()));
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((v) => v.toUpperCase())
  .refine((v) => ASSIGNED_COUNTRIES.has(v), { message: 'must be an ISO 3166-1 alpha-2 code of a country (this one is not assigned)' });

export const CreateCustomerBody = z.strictObject({
  tenantId: guid,
  name: z.string().trim().min(1).max(300),
  country: countryCode,
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag'),
  representative: Representative.optional().describe("the customer's default representative: asked when a consent request (or a campaign) names none"),
  confidential: z
    .boolean()
    .optional()
    .describe(
      'a customer under professional secrecy (StGB section 203): its webhooks and notification emails carry ids and the tenant id only, no customer or representative name; set at creation (or by the import), default false',
    ),
});

export const Customer = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  country: z.string(),
  language: z.string(),
  confidential: z.boolean().describe('webhooks and notification emails about this customer carry no names (see CreateCustomer)'),
  representative: Representative.partial()
    .optional()
    .describe("the partner's default representative for this customer (who is asked), not who consented: see mca.representative"),
  mca: z.object({
    status: z.enum(MCA_STATUSES),
    acceptedAt: z.string().optional(),
    method: z.string().optional(),
    representative: Representative.partial()
      .optional()
      .describe(
        "who consented: the written consent's representative; for method microsoft the signatory Partner Center names (email and phone only where the partner supplied them), absent when Partner Center names nobody",
      ),
    requestId: z.string().optional(),
    detail: z.string().optional(),
    /** UNLOCK_POLICY=consent+microsoft: the written consent recorded while Microsoft's step is pending. */
    writtenConsent: z.object({ method: z.string(), acceptedAt: z.string() }).optional(),
    /** What Partner Center last said about this tenant. */
    microsoft: z
      .object({
        status: z.enum(['accepted', 'not-accepted']),
        via: z.enum(['direct', 'partner-attestation', 'enhanced-attestation']).optional(),
        acceptedAt: z.string().optional(),
        checkedAt: z.string(),
        detail: z.string().optional(),
      })
      .optional(),
  }),
  ordering: z.object({ status: z.enum(['locked', 'unlocked']) }),
  personalDataErasedAt: z
    .string()
    .optional()
    .describe('set once the personal data was erased (DELETE /v1/customers/{id}/personal-data): no representative is shown or kept from then on'),
});

export const ListCustomersQuery = z.strictObject({
  mcaStatus: z.enum(MCA_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: objectId.optional(),
});

export const CustomerList = z.object({ items: z.array(Customer), nextCursor: z.string().nullable() });

export const CreateConsentRequestBody = z.strictObject({
  channel: z.enum(['email', 'docusign', 'microsoft']),
  representative: Representative.optional().describe(
    'who is asked; optional when the customer has a default representative (else 422 REPRESENTATIVE_REQUIRED)',
  ),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
});

export const ConsentRequest = z.object({
  id: z.string(),
  customerId: z.string(),
  channel: z.enum(['email', 'docusign', 'microsoft']),
  status: z.enum(REQUEST_STATUSES),
  representative: Representative.partial(),
  language: z.string(),
  history: z
    .array(z.object({ at: z.string(), status: z.enum(REQUEST_STATUSES), detail: z.string().optional() }))
    .describe("read from the customer's audit chain (GET /v1/customers/{id}/audit-events): addresses in `detail` are masked as the chain keeps them"),
  /** How many older history entries were dropped: a request keeps its newest 50. */
  historyDropped: z.number().int().optional(),
  lastError: z.string().optional(),
  /** email and microsoft channels: the Message-ID of every email sent, first to last (what a reply threads on). */
  messageIds: z.array(z.string()).optional(),
  /** docusign channel: the envelope, as DocuSign's own console and logs name it. */
  envelopeId: z.string().optional(),
  expiresAt: z.string().optional().describe("while unanswered: when the request expires (the deployment's expiry period after the send)"),
  remindersSent: z.number().int().optional().describe('email and microsoft channels: reminders sent for the current send'),
  nextReminderAt: z
    .string()
    .optional()
    .describe("email and microsoft channels, while sent: when the next reminder goes (on the deployment's reminder schedule)"),
  /** microsoft channel: the link the representative was sent, and when Partner Center is asked next. */
  microsoft: z
    .object({
      acceptanceUrl: z.string(),
      kind: z.enum(['attestation-link', 'admin-center']),
      expiresAt: z.string().optional(),
      nextCheckAt: z.string().optional(),
    })
    .optional(),
});

/** The partner's decision on a request in `needs-review`: the reply counts as consent, or it does not. */
export const ReviewDecisionBody = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  note: z.string().trim().min(1).max(2000).describe('why: kept in the request history (and, on accept, in the consent evidence)'),
});

/** The multipart fields of a signed copy: the representative, flat, and the date they signed. */
export const SignedCopyFields = Representative.extend({
  dateAgreed: z.iso.date().or(z.iso.datetime({ offset: true })),
});

export const ConsentRecord = z.object({
  id: z.string(),
  customerId: z.string(),
  method: z.string(),
  representative: Representative.partial(),
  dateAgreed: z.string(),
  evidence: z.object({ kind: z.string(), sha256: z.string(), contentType: z.string().optional(), size: z.number().optional() }),
});

/** The evidence documents a consent record can have, by the name in their URL. */
export const DOCUMENT_NAMES = ['reply', 'scan', 'signed-document', 'certificate', 'partner-center'] as const;

/** GET /v1/customers/{id}/consent-records: one record per layer (written, microsoft), with its evidence documents. */
export const ConsentRecordView = z.object({
  id: z.string(),
  customerId: z.string(),
  layer: z.enum(['written', 'microsoft']),
  method: z.string(),
  representative: Representative.partial().optional(),
  dateAgreed: z.string(),
  recordedAt: z.string(),
  requestId: z.string().optional(),
  agreement: z.object({ templateId: z.string(), country: z.string(), language: z.string(), title: z.string(), url: z.string(), sha256: z.string() }).optional(),
  evidence: z.object({
    kind: z.enum(['email', 'attestation', 'docusign', 'microsoft']),
    /** email: the authentication verdict and the reply text that was classified; docusign: the envelope and signer; microsoft: how Microsoft knows and its signatory (or 'not reported'). */
    summary: z.record(z.string(), z.unknown()),
    documents: z.array(z.object({ name: z.enum(DOCUMENT_NAMES), contentType: z.string(), sha256: z.string(), size: z.number().optional(), url: z.string() })),
  }),
});
export const ConsentRecordList = z.object({ items: z.array(ConsentRecordView) });
export const DocumentParams = z.object({ id: objectId, recordId: objectId, name: z.enum(DOCUMENT_NAMES) });

export const AuthorizeOrderBody = z
  .strictObject({
    customerId: objectId.optional(),
    tenantId: guid.optional(),
    action: z.enum(ORDER_ACTIONS),
    program: z.enum(PROGRAMS),
    /** Ask Partner Center now instead of trusting the stored state (needs Partner Center configured). */
    recheck: z.boolean().optional(),
    /** Microsoft refused this order: e.g. {code: '13605', description} from Partner Center's error body. */
    microsoftError: z.strictObject({ code: z.string().min(1).max(20), description: z.string().max(2000).optional() }).optional(),
  })
  .refine((b) => Boolean(b.customerId) !== Boolean(b.tenantId), 'give exactly one of customerId or tenantId');

export const OrderDecision = z.union([
  z.object({ allowed: z.literal(true) }),
  z.object({ allowed: z.literal(false), code: z.literal('MCA_NOT_ACCEPTED'), detail: z.string() }),
]);

export const ListEventsQuery = z.strictObject({
  after: z
    .string()
    .regex(/^msg_[a-f0-9]{24}$/, 'must be a nextCursor from this feed (or the id of an event)')
    .optional()
    .describe('opaque: the nextCursor of the page before; the id of the last event processed works too'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const PartnerEventView = z.object({
  id: z.string().describe('the webhook-id of its delivery'),
  type: z.enum(PARTNER_EVENTS),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()).describe("the webhook body's data"),
});

export const EventList = z.object({
  items: z.array(PartnerEventView),
  nextCursor: z.string().nullable().describe('pass as after for the next page; null when this page ends the feed for now (poll again with the last id)'),
});

export const ListAuditEventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional().describe('the nextCursor of the page before (the seq of its last event): events after it'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEventView = z.object({
  seq: z.number().int().describe('1, 2, 3 … per customer, without gaps'),
  type: z.string().describe('customer.created, request.created, email.sent, reply.received, consent.recorded, review.decided, … (README "Evidence vault")'),
  at: z.string(),
  data: z.record(z.string(), z.unknown()).describe("ids, hashes, verdicts and reasons; no representative's name or address"),
  hash: z.string().describe('SHA-256 (hex) over the RFC 8785 encoding of customerId, partnerId, seq, key, type, at, data, prevHash'),
  prevHash: z.string().describe('the hash of event seq-1 (64 zeros for seq 1)'),
});

export const AuditEventList = z.object({
  items: z.array(AuditEventView),
  nextCursor: z.string().nullable().describe('pass as after for the next page; null when this page reaches the chain head'),
});

export const ImportCustomersQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: validate every row and count what would be created, write nothing'),
});

export const ImportResult = z.object({
  created: z.number().int(),
  existing: z.number().int().describe('rows whose tenantId the partner already has, or had earlier in the same file: left as they are'),
  invalid: z
    .array(z.object({ line: z.number().int().describe("the file's line where the record starts (the header is line 1)"), message: z.string() }))
    .describe('rows skipped, in file order: the first 1,000 (invalidCount counts them all)'),
  invalidCount: z.number().int().describe('every invalid row, listed or not'),
});

export const CreateCampaignBody = z.strictObject({
  channel: z.enum(['email', 'docusign', 'microsoft']),
  name: z.string().trim().min(1).max(200).optional(),
  filter: z
    .strictObject({
      mcaStatus: z.array(z.enum(MCA_STATUSES)).min(1).max(MCA_STATUSES.length).optional().describe('only customers in one of these MCA statuses'),
    })
    .optional(),
  customerIds: z.array(objectId).min(1).max(1000).optional().describe("only these customers (ids that are not the partner's match nothing)"),
});

export const CAMPAIGN_COUNT_KEYS = [
  'total',
  'queued',
  'sent',
  'accepted',
  'declined',
  'bounced',
  'needsReview',
  'expired',
  'failed',
  'cancelled',
  'skipped',
] as const;

export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(['email', 'docusign', 'microsoft']),
  status: z.enum(CAMPAIGN_STATUSES),
  counts: z
    .object(Object.fromEntries(CAMPAIGN_COUNT_KEYS.map((k) => [k, z.number().int()])) as Record<(typeof CAMPAIGN_COUNT_KEYS)[number], z.ZodNumber>)
    .describe(
      "total: customers matched; each is in exactly one other count: its request's status (queued, sent, …; accepted includes those found accepted in Partner Center, recorded and not mailed), or skipped (no representative, already accepted, a request already under way). Frozen when a campaign is cancelled",
    ),
  filter: z.object({ mcaStatus: z.array(z.string()).optional() }).optional(),
  customerIds: z.number().int().optional().describe('how many customer ids the campaign named'),
  createdAt: z.string(),
  endedAt: z.string().optional(),
});

export const CampaignList = z.object({ items: z.array(Campaign), nextCursor: z.string().nullable() });

/** The console's live progress of one campaign (GET /campaigns/{id}/progress). */
export const CampaignProgress = Campaign.pick({ id: true, status: true, counts: true, endedAt: true }).extend({
  progress: z
    .object({
      done: z.number().int().describe('customers the campaign no longer waits on: total minus those queued, sent or bounced'),
      sent: z.number().int(),
      total: z.number().int(),
      percent: z.number().int().min(0).max(100),
    })
    .describe("the console's progress bar: aria-valuenow = done, aria-valuemax = total"),
});

export const ListCampaignsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: objectId.optional(),
});

export const IdParams = z.object({ id: objectId });
export const RequestParams = z.object({ id: objectId, requestId: objectId });

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** What a partner webhook POSTs (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature headers). */
const webhookBody = <T extends (typeof PARTNER_EVENTS)[number], D extends z.ZodRawShape>(type: T, data: D) =>
  z.object({ type: z.literal(type), timestamp: z.string().describe('when this delivery was signed (ISO 8601)'), data: z.object(data) });
const aboutCustomer = {
  customerId: z.string(),
  tenantId: z.string(),
  customerName: z.string().optional().describe('absent for a confidential customer: its events carry ids and the tenant id only'),
};
const aboutRequest = {
  ...aboutCustomer,
  requestId: z.string(),
  reason: z.string().describe("why, in words; for a confidential customer with every name, address and phone number taken out ('[name]', 'email#…')"),
};
export const CustomerUnlockedWebhook = webhookBody('customer.unlocked', {
  ...aboutCustomer,
  acceptedAt: z.string().optional(),
  method: z.string().optional().describe('how the consent was given (email, docusign, attestation, microsoft)'),
  unlockedAt: z.string(),
});
export const ConsentDeclinedWebhook = webhookBody('consent.declined', aboutRequest);
export const ConsentNeedsReviewWebhook = webhookBody('consent.needs_review', aboutRequest);
export const ConsentExpiredWebhook = webhookBody('consent.expired', aboutRequest);
export const CampaignCompletedWebhook = webhookBody('campaign.completed', {
  campaignId: z.string(),
  name: z.string(),
  channel: z.enum(['email', 'docusign', 'microsoft']),
  status: z.enum(['completed', 'cancelled']),
  counts: z.object(Object.fromEntries(CAMPAIGN_COUNT_KEYS.map((k) => [k, z.number().int()])) as Record<(typeof CAMPAIGN_COUNT_KEYS)[number], z.ZodNumber>),
  endedAt: z.string(),
});

/** What the inbound webhooks answer: the stored message's id, and whether it was seen before. */
export const Received = z.object({ id: z.string(), duplicate: z.boolean() });
export const Health = z.object({ status: z.literal('ok') });
export const Readiness = z.object({ status: z.enum(['ready', 'not-ready']), mongo: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down']) });
