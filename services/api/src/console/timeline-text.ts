import { AuditEventInput, type AuditEventRecord, type AuditEventType } from '@mca/core';
import { channelText, methodText, requestStatusText } from './layout';

/** One timeline line: what happened, and a quieter second line (a reason, a verdict) if any. */
export interface TimelineText {
  title: string;
  detail?: string;
}

type DataOf<T extends AuditEventType> = Extract<AuditEventInput, { type: T }>['data'];
const channel = (c: string) => channelText[c] ?? c;
const originText: Record<string, string> = { campaign: ' by a campaign', 'unlock-policy': ' by the unlock policy', partner: '' };

/**
 * The console's words for every audit event type, in one place: a type added to the union
 * without its text here fails the typecheck.
 */
const TEXT: { [T in AuditEventType]: (d: DataOf<T>) => TimelineText } = {
  'customer.created': (d) => ({ title: 'Customer created', detail: `tenant ${d.tenantId}` }),
  'request.created': (d) => ({ title: `${channel(d.channel)} request created${originText[d.origin ?? 'partner'] ?? ''}` }),
  'request.queued': (d) => ({ title: `Request queued (send ${d.sendCount})`, detail: d.detail }),
  'email.sent': (d) => ({ title: `Consent email sent (send ${d.sendCount})` }),
  'reminder.sent': (d) => ({ title: `Reminder ${d.number} sent` }),
  'email.bounced': (d) => ({ title: 'Email bounced', detail: d.detail }),
  'request.failed': (d) => ({ title: 'Sending failed', detail: d.detail }),
  'reply.received': (d) => ({
    title: `Reply received (${d.authentication.authentic ? 'authenticated' : 'not authenticated'})`,
    detail: `DKIM ${d.authentication.dkim}, SPF ${d.authentication.spf}, DMARC ${d.authentication.dmarc}`,
  }),
  'reply.classified': (d) => ({ title: `Reply read as: ${requestStatusText[d.outcome] ?? d.outcome}`, detail: d.reason }),
  'envelope.sent': () => ({ title: 'DocuSign envelope sent' }),
  'envelope.signed': () => ({ title: 'DocuSign envelope signed' }),
  'envelope.declined': (d) => ({ title: 'DocuSign envelope declined', detail: d.reason }),
  'request.status-changed': (d) => ({ title: `${channel(d.channel)}: ${requestStatusText[d.status] ?? d.status}`, detail: d.detail }),
  'request.ended': (d) => ({ title: `Request ${requestStatusText[d.status]?.toLowerCase() ?? d.status}`, detail: d.reason }),
  'evidence.stored': (d) => ({ title: `Evidence stored: ${d.fileName}`, detail: `SHA-256 ${d.sha256}` }),
  'evidence.discarded': (d) => ({ title: 'Evidence discarded', detail: `SHA-256 ${d.sha256}` }),
  'consent.recorded': (d) => ({ title: `Consent recorded (${methodText[d.method] ?? d.method})`, detail: `agreed ${d.dateAgreed.slice(0, 10)}` }),
  'customer.unlocked': () => ({ title: 'Ordering unlocked' }),
  'partner.notified': (d) => ({ title: `Partner told: ${d.event}`, detail: d.channel }),
  'customer.erased': (d) => ({ title: 'Personal data erased (the customer key destroyed)', detail: d.by }),
  'evidence.read': (d) => ({ title: `Evidence read: ${d.what}`, detail: d.by }),
  'review.decided': (d) => ({ title: d.decision === 'accepted' ? 'Review: accepted as consent' : 'Review: rejected', detail: d.by }),
};

/** The text of a stored event; one that no longer parses (an older shape) shows its type. */
export function timelineText(e: Pick<AuditEventRecord, 'type' | 'data'>): TimelineText {
  const parsed = AuditEventInput.safeParse({ type: e.type, data: e.data });
  if (!parsed.success) return { title: e.type };
  const text = TEXT[parsed.data.type] as (d: unknown) => TimelineText;
  return text(parsed.data.data);
}
