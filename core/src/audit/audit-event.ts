import { z } from 'zod';

/**
 * Every fact the audit chain records, one member per type. `data` holds ids, hashes, verdicts
 * and reasons, no representative's name or address: a chain is meant to be shown to auditors
 * and must stay verifiable once personal data is erased (issue 12). Dates are ISO strings so
 * the canonical encoding (event-hash.ts) is the same before and after a database round trip.
 */
const id = z.string().regex(/^[a-f0-9]{24}$/);
const sha256 = z.string().regex(/^[a-f0-9]{64}$/);
const iso = z.string().datetime({ offset: true });
const text = z.string().max(2_000);
const channel = z.enum(['email', 'docusign', 'microsoft']);

export const AuditEventInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer.created'), data: z.object({ tenantId: z.string(), country: z.string(), language: z.string() }) }),
  z.object({
    type: z.literal('request.created'),
    data: z.object({
      requestId: id,
      channel,
      origin: z.enum(['partner', 'unlock-policy', 'campaign']).optional(),
      campaignId: id.optional(),
      /** Who asked (the request's first history line), and a note before it (a pre-check that did not answer). */
      detail: text.optional(),
      note: text.optional(),
    }),
  }),
  z.object({ type: z.literal('request.queued'), data: z.object({ requestId: id, sendCount: z.number().int(), detail: text.optional() }) }),
  z.object({
    type: z.literal('email.sent'),
    data: z.object({ requestId: id, sendCount: z.number().int(), messageId: z.string().optional(), detail: text.optional() }),
  }),
  z.object({
    type: z.literal('reminder.sent'),
    data: z.object({ requestId: id, sendCount: z.number().int(), number: z.number().int(), messageId: z.string().optional(), detail: text.optional() }),
  }),
  z.object({ type: z.literal('email.bounced'), data: z.object({ requestId: id, detail: text.optional() }) }),
  z.object({ type: z.literal('request.failed'), data: z.object({ requestId: id, detail: text.optional() }) }),
  z.object({
    type: z.literal('reply.received'),
    data: z.object({
      requestId: id,
      inboundEmailId: id,
      sha256,
      messageId: z.string().optional(),
      authentication: z.object({ source: z.string(), dkim: z.string(), spf: z.string(), dmarc: z.string(), authentic: z.boolean() }),
    }),
  }),
  z.object({
    type: z.literal('reply.classified'),
    data: z.object({ requestId: id, outcome: z.enum(['accepted', 'declined', 'needs-review']), reason: text.optional() }),
  }),
  z.object({ type: z.literal('envelope.sent'), data: z.object({ requestId: id, envelopeId: z.string().optional(), detail: text.optional() }) }),
  z.object({ type: z.literal('envelope.signed'), data: z.object({ requestId: id, envelopeId: z.string().optional(), detail: text.optional() }) }),
  z.object({ type: z.literal('envelope.declined'), data: z.object({ requestId: id, envelopeId: z.string().optional(), reason: text.optional() }) }),
  z.object({ type: z.literal('request.status-changed'), data: z.object({ requestId: id, channel, status: z.string(), detail: text.optional() }) }),
  z.object({ type: z.literal('request.ended'), data: z.object({ requestId: id, status: z.enum(['cancelled', 'expired']), reason: text.optional() }) }),
  z.object({
    type: z.literal('evidence.stored'),
    data: z.object({ evidenceFileId: id, fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256, key: z.string().optional() }),
  }),
  z.object({ type: z.literal('evidence.discarded'), data: z.object({ evidenceFileId: id, sha256 }) }),
  z.object({
    type: z.literal('consent.recorded'),
    data: z.object({
      consentId: id,
      method: z.string(),
      layer: z.string(),
      requestId: id.optional(),
      dateAgreed: iso,
      agreement: z.object({ templateId: z.string(), country: z.string(), language: z.string(), sha256: z.string() }).optional(),
      /** The hashes of the evidence the record rests on. */
      evidence: z.array(z.object({ what: z.string(), sha256: z.string(), evidenceFileId: id.optional() })),
    }),
  }),
  z.object({ type: z.literal('customer.unlocked'), data: z.object({ unlockedAt: iso }) }),
  z.object({ type: z.literal('partner.notified'), data: z.object({ notificationId: id, channel: z.string(), event: z.string() }) }),
  /** GDPR Art. 17: the customer's data key is destroyed right after this event; `by` is who asked (a partner id, an operator). */
  z.object({ type: z.literal('customer.erased'), data: z.object({ by: z.string() }) }),
  z.object({ type: z.literal('evidence.read'), data: z.object({ by: z.string(), what: z.string() }) }),
  z.object({
    type: z.literal('review.decided'),
    /**
     * The partner's note is free text that may name people ("confirmed by phone with …"): the
     * chain keeps its SHA-256 (UTF-8), which checks a note shown elsewhere, not the note itself.
     */
    data: z.object({ requestId: id, decision: z.enum(['accepted', 'declined']), by: z.string(), noteSha256: sha256, reason: text.optional() }),
  }),
]);
export type AuditEventInput = z.infer<typeof AuditEventInput>;
export type AuditEventType = AuditEventInput['type'];

/** A fact to append: which chain, what it is, and the key that makes a retry append nothing. */
export type AuditFact = AuditEventInput & { customerId: string; partnerId: string; key: string; at?: Date };
