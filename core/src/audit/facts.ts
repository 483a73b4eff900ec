import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { AuthVerdict } from '@mca/inbound-email';
import type { ConsentRecord, RequestFacts as ConsentRequest, Customer, EvidenceFile, InboundEmail, Notification } from '../db';
import type { RequestStatus } from '../domain';
import { currentSendMessageId } from '../consent/send-message-id';
import { maskPersonalData } from '@mca/platform';
import type { AuditFact } from './audit-event';

/**
 * The facts the service's own writes stand for, built from the documents those writes return.
 * One builder per place a fact happens, so each call site is one line; each key names the fact
 * itself (a retried job builds the same key and appends nothing).
 */
const ids = (o: { customerId: Types.ObjectId; partnerId: Types.ObjectId }) => ({ customerId: o.customerId.toString(), partnerId: o.partnerId.toString() });
/** Reasons are the service's own prose, which names addresses: the chain keeps them masked. */
const reason = (detail: string | undefined) => (detail ? maskPersonalData(detail).slice(0, 2_000) : undefined);

export function customerCreated(c: Pick<Customer, '_id' | 'partnerId' | 'tenantId' | 'country' | 'language'>): AuditFact {
  return {
    customerId: c._id.toString(),
    partnerId: c.partnerId.toString(),
    key: `customer:${c._id.toString()}:created`,
    type: 'customer.created',
    data: { tenantId: c.tenantId, country: c.country, language: c.language },
  };
}

/** `r` is the request as created: its first history lines (who asked, a note before it) go with the fact. */
export function requestCreated(r: Pick<ConsentRequest, '_id' | 'customerId' | 'partnerId' | 'channel' | 'origin' | 'campaignId' | 'history'>): AuditFact {
  const [note, by] = r.history.length > 1 ? [r.history[0]?.detail, r.history.at(-1)?.detail] : [undefined, r.history[0]?.detail];
  return {
    ...ids(r),
    key: `request:${r._id.toString()}:created`,
    type: 'request.created',
    data: {
      requestId: r._id.toString(),
      channel: r.channel,
      ...(r.origin ? { origin: r.origin } : {}),
      ...(r.campaignId ? { campaignId: r.campaignId.toString() } : {}),
      ...(by ? { detail: reason(by) } : {}),
      ...(note ? { note: reason(note) } : {}),
    },
  };
}

/**
 * The partner's decision on a needs-review request; `r` is the request after the move, so the
 * key is the position of that move in its history (a request reviewed again after a resend is
 * another decision). The note is kept as a digest only (see audit-event.ts).
 */
export function reviewDecided(r: ConsentRequest, decision: 'accepted' | 'declined', by: string, note: string): AuditFact {
  const position = (r.historyDropped ?? 0) + r.history.length;
  return {
    ...ids(r),
    key: `request:${r._id.toString()}:review:${position}`,
    type: 'review.decided',
    data: { requestId: r._id.toString(), decision, by, noteSha256: createHash('sha256').update(note, 'utf8').digest('hex') },
  };
}

/**
 * A status change of a request, as transitionRequest made it (`r` is the request after the
 * update). The key is the change's position in the request's whole history (kept entries plus
 * dropped ones), which only this change can have.
 */
export function requestTransitioned(r: ConsentRequest, to: RequestStatus, detail?: string): AuditFact {
  const position = (r.historyDropped ?? 0) + r.history.length;
  const base = { ...ids(r), key: `request:${r._id.toString()}:history:${position}` };
  const requestId = r._id.toString();
  const why = reason(detail);
  const opt = (k: string, v: string | undefined) => (v === undefined ? {} : { [k]: v });
  if (to === 'cancelled' || to === 'expired') return { ...base, type: 'request.ended', data: { requestId, status: to, ...opt('reason', why) } };
  if (r.channel === 'docusign') {
    if (to === 'sent') return { ...base, type: 'envelope.sent', data: { requestId, ...opt('envelopeId', r.envelopeId), ...opt('detail', why) } };
    if (to === 'accepted') return { ...base, type: 'envelope.signed', data: { requestId, ...opt('envelopeId', r.envelopeId), ...opt('detail', why) } };
    if (to === 'declined') return { ...base, type: 'envelope.declined', data: { requestId, ...opt('envelopeId', r.envelopeId), ...opt('reason', why) } };
  } else {
    if (to === 'sent') {
      const messageId = currentSendMessageId(r);
      return { ...base, type: 'email.sent', data: { requestId, sendCount: r.sendCount, ...opt('messageId', messageId), ...opt('detail', why) } };
    }
    if (r.channel === 'email' && (to === 'accepted' || to === 'declined' || to === 'needs-review')) {
      return { ...base, type: 'reply.classified', data: { requestId, outcome: to, ...opt('reason', why) } };
    }
  }
  if (to === 'queued') return { ...base, type: 'request.queued', data: { requestId, sendCount: r.sendCount, ...opt('detail', why) } };
  if (to === 'bounced') return { ...base, type: 'email.bounced', data: { requestId, ...opt('detail', why) } };
  if (to === 'failed') return { ...base, type: 'request.failed', data: { requestId, ...opt('detail', why) } };
  return { ...base, type: 'request.status-changed', data: { requestId, channel: r.channel, status: to, ...opt('detail', why) } };
}

/** A request ended by a write of its own (not through transitionRequest), e.g. superseded by an attestation. */
export function requestEndedBy(r: Pick<ConsentRequest, '_id' | 'customerId' | 'partnerId'>, status: 'cancelled' | 'expired', detail: string): AuditFact {
  return { ...ids(r), key: `request:${r._id.toString()}:ended`, type: 'request.ended', data: { requestId: r._id.toString(), status, reason: reason(detail) } };
}

/** `detail` is the reminder's history line, kept masked like every reason. */
export function reminderSent(r: ConsentRequest, sendCount: number, number: number, detail?: string): AuditFact {
  const messageId = r.reminderOfSend?.sendCount === sendCount && r.reminderOfSend.number === number ? r.reminderOfSend.messageId : undefined;
  return {
    ...ids(r),
    key: `request:${r._id.toString()}:send:${sendCount}:reminder:${number}`,
    type: 'reminder.sent',
    data: { requestId: r._id.toString(), sendCount, number, ...(messageId ? { messageId } : {}), ...(detail ? { detail: reason(detail) } : {}) },
  };
}

export function replyReceived(r: ConsentRequest, inbound: Pick<InboundEmail, '_id' | 'sha256'>, messageId: string | undefined, auth: AuthVerdict): AuditFact {
  return {
    ...ids(r),
    key: `inbound-email:${inbound._id.toString()}:received`,
    type: 'reply.received',
    data: {
      requestId: r._id.toString(),
      inboundEmailId: inbound._id.toString(),
      sha256: inbound.sha256,
      ...(messageId ? { messageId } : {}),
      authentication: { source: auth.source, dkim: auth.dkim, spf: auth.spf, dmarc: auth.dmarc, authentic: auth.authentic },
    },
  };
}

export function evidenceStored(f: Pick<EvidenceFile, '_id' | 'customerId' | 'partnerId' | 'fileName' | 'contentType' | 'size' | 'sha256' | 'key'>): AuditFact {
  return {
    ...ids(f),
    key: `evidence:${f._id.toString()}:stored`,
    type: 'evidence.stored',
    data: {
      evidenceFileId: f._id.toString(),
      fileName: f.fileName,
      contentType: f.contentType,
      size: f.size,
      sha256: f.sha256,
      ...(f.key ? { key: f.key } : {}),
    },
  };
}

export function evidenceDiscarded(f: Pick<EvidenceFile, '_id' | 'customerId' | 'partnerId' | 'sha256'>): AuditFact {
  return { ...ids(f), key: `evidence:${f._id.toString()}:discarded`, type: 'evidence.discarded', data: { evidenceFileId: f._id.toString(), sha256: f.sha256 } };
}

export function consentRecorded(c: ConsentRecord): AuditFact {
  const e = c.evidence;
  const evidence =
    e.kind === 'email'
      ? [{ what: 'reply', sha256: e.rawSha256 }]
      : e.kind === 'docusign'
        ? [
            { what: 'signed-document', sha256: e.signedDocument.sha256, evidenceFileId: e.signedDocument.evidenceFileId.toString() },
            { what: 'certificate', sha256: e.certificate.sha256, evidenceFileId: e.certificate.evidenceFileId.toString() },
          ]
        : e.kind === 'attestation'
          ? [{ what: 'signed-copy', sha256: e.sha256, evidenceFileId: e.evidenceFileId.toString() }]
          : [{ what: 'partner-center-answers', sha256: e.sha256 }];
  const a = c.agreement;
  return {
    ...ids(c),
    key: `consent:${c._id.toString()}:recorded`,
    type: 'consent.recorded',
    data: {
      consentId: c._id.toString(),
      method: c.method,
      layer: c.layer,
      ...(c.requestId ? { requestId: c.requestId.toString() } : {}),
      dateAgreed: c.dateAgreed.toISOString(),
      ...(a ? { agreement: { templateId: a.templateId, country: a.country, language: a.language, sha256: a.sha256 } } : {}),
      evidence,
    },
  };
}

export function customerUnlocked(c: Pick<Customer, '_id' | 'partnerId'>, unlockedAt: Date): AuditFact {
  return {
    customerId: c._id.toString(),
    partnerId: c.partnerId.toString(),
    key: `customer:${c._id.toString()}:unlocked:${unlockedAt.toISOString()}`,
    type: 'customer.unlocked',
    data: { unlockedAt: unlockedAt.toISOString() },
  };
}

/** Once per customer: a repeated erasure appends nothing. */
export function customerErased(c: Pick<Customer, '_id' | 'partnerId'>, by: string): AuditFact {
  return { customerId: c._id.toString(), partnerId: c.partnerId.toString(), key: `customer:${c._id.toString()}:erased`, type: 'customer.erased', data: { by } };
}

/** Campaign notifications are about no customer: they belong to no chain (null). */
export function partnerNotified(n: Pick<Notification, '_id' | 'customerId' | 'partnerId' | 'channel' | 'event'>): AuditFact | null {
  if (!n.customerId) return null;
  return {
    customerId: n.customerId.toString(),
    partnerId: n.partnerId.toString(),
    key: `notification:${n._id.toString()}:delivered`,
    type: 'partner.notified',
    data: { notificationId: n._id.toString(), channel: n.channel, event: n.event },
  };
}

/**
 * A read of a customer's personal data or evidence (issue 12): `by` is who (`partner:<id>/key:<id>`,
 * `console:<id>/key:<id>`, `admin`, `cli`), `what` what was shown (`customer`, `document:reply:<recordId>`,
 * `evidence-pack`, …). The key names the reader, the read and the minute: a retried request, a
 * reload or the same page read again within that minute is one fact, not a chain grown by every poll.
 */
export function evidenceRead(c: { customerId: Types.ObjectId | string; partnerId: Types.ObjectId | string }, by: string, what: string, at: Date): AuditFact {
  const customerId = c.customerId.toString();
  return {
    customerId,
    partnerId: c.partnerId.toString(),
    key: `evidence-read:${by}:${what}:${customerId}:${at.toISOString().slice(0, 16)}`,
    at,
    type: 'evidence.read',
    data: { by, what },
  };
}
