import { sdkNotification } from './envelope-notification';
import type { SdkEnvelopeDefinition, SdkEventNotification, SdkTab } from './sdk-types';
import type { EnvelopeInput } from './types';

const FILE_EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/**
 * DocuSign converts a document by its fileExtension, not by sniffing it: a Word file sent as
 * 'pdf' fails (or worse, renders as garbage), so the extension follows the content type, and an
 * unknown type is refused here rather than by DocuSign.
 */
export function fileExtensionFor(contentType: string): string {
  const ext = FILE_EXTENSIONS[contentType.split(';', 1)[0]!.trim().toLowerCase()];
  if (!ext) throw new Error(`No DocuSign file extension for content type ${JSON.stringify(contentType)}`);
  return ext;
}

/** The custom field that ties an envelope (and every Connect message about it) to our consent request. */
export const REQUEST_ID_FIELD = 'mcaRequestId';

/** What the consent flow reacts to; recipient-autoresponded is DocuSign's bounce. */
export const CONNECT_EVENTS = [
  'envelope-sent',
  'envelope-delivered',
  'envelope-completed',
  'envelope-declined',
  'envelope-voided',
  'recipient-completed',
  'recipient-declined',
  'recipient-autoresponded',
] as const;

/** Our envelopes have exactly one signer; DocuSign ids are strings. */
const SIGNER_ID = '1';

export function buildEnvelopeDefinition(input: EnvelopeInput): SdkEnvelopeDefinition {
  const common = {
    emailSubject: input.emailSubject,
    emailBlurb: input.emailBlurb,
    status: 'sent' as const,
    customFields: { textCustomFields: [{ name: REQUEST_ID_FIELD, value: input.requestId, show: 'false' as const }] },
    eventNotification: eventNotification(input.webhookUrl),
    ...(input.notification ? { notification: sdkNotification(input.notification) } : {}),
  };
  const { source, signer } = input;
  if (source.kind === 'template') {
    return { ...common, templateId: source.templateId, templateRoles: [{ name: signer.name, email: signer.email, roleName: source.roleName }] };
  }
  return {
    ...common,
    documents: [
      { documentBase64: source.content.toString('base64'), name: source.name, fileExtension: 'pdf', documentId: '1' },
      ...(source.appendices ?? []).map((doc, i) => ({
        documentBase64: doc.content.toString('base64'),
        name: doc.name,
        fileExtension: fileExtensionFor(doc.contentType),
        documentId: String(i + 2),
      })),
    ],
    recipients: {
      signers: [
        {
          recipientId: SIGNER_ID,
          routingOrder: '1',
          name: signer.name,
          email: signer.email,
          tabs: {
            signHereTabs: [anchorTab(input.anchors.signHere)],
            dateSignedTabs: [anchorTab(input.anchors.dateSigned)],
            fullNameTabs: [anchorTab(input.anchors.fullName)],
          },
        },
      ],
    },
  };
}

/** 'false': a document without the anchor must fail at send time, not go out without a place to sign. */
function anchorTab(anchorString: string): SdkTab {
  return { anchorString, anchorUnits: 'pixels', anchorIgnoreIfNotPresent: 'false' };
}

/** Per-envelope Connect, so the service works without an account-level Connect configuration. */
function eventNotification(url: string): SdkEventNotification {
  return {
    url,
    deliveryMode: 'SIM',
    eventData: { version: 'restv2.1', format: 'json', includeData: ['recipients'] },
    events: [...CONNECT_EVENTS],
    includeHMAC: 'true',
    requireAcknowledgment: 'true',
    loggingEnabled: 'true',
  };
}
