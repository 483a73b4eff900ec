import { createHash } from 'node:crypto';

/**
 * Connect messages carry no event id. A redelivery repeats generatedDateTime, so envelope, event,
 * recipient and that time identify one event; without the time only the exact bytes can.
 */
export function connectDedupKey(parts: { envelopeId: string; event: string; recipientId?: string; generatedDateTime?: string }, rawBody: Buffer): string {
  if (!parts.generatedDateTime) return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
  return [parts.envelopeId, parts.event, parts.recipientId ?? '', parts.generatedDateTime].join('|');
}
