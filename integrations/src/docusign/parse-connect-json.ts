import { ConnectMessageError } from './connect-message-error';
import { connectDedupKey } from './dedup-key';
import { parseDocuSignDate } from './docusign-date';
import { envelopeStateFromRest } from './envelope-state';
import type { ConnectEvent } from './types';
import { asObject, readString } from '../../../platform/src/wire/json-readers';

/**
 * JSON SIM: {event, generatedDateTime, data: {envelopeId, recipientId?, envelopeSummary?}}.
 * envelopeSummary is there only when the Connect configuration includes envelope data.
 */
export function parseConnectJson(raw: Buffer): ConnectEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new ConnectMessageError('Connect message is not valid JSON');
  }
  const message = asObject(parsed);
  const data = asObject(message?.data);
  const event = readString(message, 'event')?.toLowerCase();
  const envelopeId = readString(data, 'envelopeId');
  if (!event || !envelopeId) throw new ConnectMessageError('JSON is not a DocuSign Connect SIM message (no event or data.envelopeId)');

  const recipientId = readString(data, 'recipientId');
  const generatedDateTime = readString(message, 'generatedDateTime');
  const generatedAt = parseDocuSignDate(generatedDateTime);
  const summary = asObject(data?.envelopeSummary);
  return {
    format: 'json-sim',
    event,
    envelopeId,
    ...(recipientId ? { recipientId } : {}),
    ...(generatedAt ? { generatedAt } : {}),
    ...(summary ? { envelope: envelopeStateFromRest(summary, envelopeId) } : {}),
    dedupKey: connectDedupKey({ envelopeId, event, recipientId, generatedDateTime }, raw),
  };
}
