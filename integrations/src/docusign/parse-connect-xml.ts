import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConnectMessageError } from './connect-message-error';
import { connectDedupKey } from './dedup-key';
import { parseDocuSignDate } from './docusign-date';
import { assignDefined } from './envelope-state';
import type { ConnectEvent, EnvelopeState, SignerState } from './types';
import { asObject, readArray, readString, type WireObject } from '../../../platform/src/wire/json-readers';

/** Elements that repeat; a single occurrence must still come back as a list. */
const REPEATED = new Set(['RecipientStatus', 'TabStatus', 'CustomField', 'DocumentStatus', 'DocumentPDF', 'RecipientStatusCode']);
/** Recipient types that sign; CarbonCopy, CertifiedDelivery … only receive. */
const SIGNER_TYPES = new Set(['signer', 'inpersonsigner']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Keep every value a string: ids like RoutingOrder and TimeZoneOffset must not become numbers.
  parseTagValue: false,
  trimValues: true,
  isArray: (tagName) => REPEATED.has(tagName),
});

/**
 * Legacy XML (DocuSignEnvelopeInformation): always the whole envelope, status as of sending.
 * Times carry no zone; TimeZoneOffset (hours) gives the account's zone, UTC when absent.
 */
export function parseConnectXml(raw: Buffer): ConnectEvent {
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  // DocuSign never sends a DTD; refusing one rules out entity-expansion tricks before parsing.
  if (/<!DOCTYPE/i.test(text)) throw new ConnectMessageError('XML with a DOCTYPE is not a Connect message');
  if (XMLValidator.validate(text) !== true) throw new ConnectMessageError('Connect message is not well-formed XML');

  const root = asObject(asObject(parser.parse(text))?.DocuSignEnvelopeInformation);
  const status = asObject(root?.EnvelopeStatus);
  const envelopeId = readString(status, 'EnvelopeID');
  const envelopeStatus = readString(status, 'Status')?.toLowerCase();
  if (!envelopeId || !envelopeStatus) throw new ConnectMessageError('XML is not a DocuSignEnvelopeInformation message (no EnvelopeID or Status)');

  const offsetHours = Number(readString(root, 'TimeZoneOffset') ?? '0') || 0;
  const at = (obj: WireObject | undefined, key: string) => parseDocuSignDate(readString(obj, key), offsetHours);
  const event = `envelope-${envelopeStatus}`;
  const timeGenerated = readString(status, 'TimeGenerated');
  const generatedAt = at(status, 'TimeGenerated');

  const envelope: EnvelopeState = { envelopeId, status: envelopeStatus, signers: signers(status, at) };
  assignDefined(envelope, {
    completedAt: at(status, 'Completed'),
    declinedAt: at(status, 'Declined'),
    voidedAt: at(status, 'Voided'),
    voidedReason: readString(status, 'VoidReason'),
  });
  return {
    format: 'xml-legacy',
    event,
    envelopeId,
    ...(generatedAt ? { generatedAt } : {}),
    envelope,
    dedupKey: connectDedupKey({ envelopeId, event, generatedDateTime: timeGenerated }, raw),
  };
}

function signers(status: WireObject | undefined, at: (obj: WireObject | undefined, key: string) => Date | undefined): SignerState[] {
  return readArray(asObject(status?.RecipientStatuses), 'RecipientStatus')
    .map(asObject)
    .filter((r): r is WireObject => r !== undefined && SIGNER_TYPES.has((readString(r, 'Type') ?? '').toLowerCase()))
    .map((r) => {
      const signer: SignerState = {
        // In XML this is the recipient's GUID, not the short id used in JSON SIM and REST.
        recipientId: readString(r, 'RecipientId') ?? '',
        name: readString(r, 'UserName') ?? '',
        email: readString(r, 'Email') ?? '',
        status: (readString(r, 'Status') ?? 'unknown').toLowerCase(),
      };
      assignDefined(signer, {
        signedAt: at(r, 'Signed'),
        declinedAt: at(r, 'Declined'),
        declinedReason: readString(r, 'DeclineReason'),
        deliveredAt: at(r, 'Delivered'),
      });
      return signer;
    });
}
