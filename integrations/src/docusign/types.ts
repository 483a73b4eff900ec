import type { EnvelopeNotificationSettings } from './envelope-notification';
/** The public shapes of the DocuSign channel; the SDK's own (untyped) shapes stay in sdk-types.ts. */

export interface DocuSignSettings {
  integrationKey: string;
  /** GUID of the user the service impersonates (JWT `sub`). */
  userId: string;
  accountId: string;
  /** RSA private key (PEM) registered with the integration key. */
  privateKey: string;
  /** REST base including `/restapi`, e.g. https://demo.docusign.net/restapi or the account's pod. */
  basePath: string;
  /** OAuth host[:port] without scheme, e.g. account-d.docusign.com. */
  oAuthBasePath: string;
}

export interface SignerState {
  /** The envelope's recipient id ('1' for envelopes we create; a GUID in legacy XML). */
  recipientId: string;
  name: string;
  email: string;
  /** lowercase DocuSign recipient status: created, sent, delivered, completed, declined, autoresponded … */
  status: string;
  signedAt?: Date;
  declinedAt?: Date;
  declinedReason?: string;
  deliveredAt?: Date;
}

export interface EnvelopeState {
  envelopeId: string;
  /** lowercase: created, sent, delivered, completed, declined, voided */
  status: string;
  completedAt?: Date;
  declinedAt?: Date;
  voidedAt?: Date;
  voidedReason?: string;
  signers: SignerState[];
}

/** A document DocuSign converts itself; the extension it is told follows the content type. */
export interface EnvelopeDocument {
  name: string;
  content: Buffer;
  /** application/pdf or the Word (.docx) type. */
  contentType: string;
}

export interface EnvelopeInput {
  emailSubject: string;
  emailBlurb: string;
  source:
    | {
        kind: 'document';
        name: string;
        content: Buffer /* PDF */;
        /** Further documents after the form, e.g. the agreement as Microsoft's Word file. */
        appendices?: EnvelopeDocument[];
      }
    | { kind: 'template'; templateId: string; roleName: string };
  signer: { name: string; email: string };
  /** Text in the document where the tabs go (anchor tabs); used only with source.kind === 'document'. */
  anchors: { signHere: string; dateSigned: string; fullName: string };
  webhookUrl: string;
  /** Stored in the envelope's custom fields so Connect messages and the envelope trace back to our request. */
  requestId: string;
  /** DocuSign's own reminders and expiry for the envelope; without it, the account's defaults apply. */
  notification?: EnvelopeNotificationSettings;
}

export interface DocuSignClient {
  createEnvelope(input: EnvelopeInput): Promise<{ envelopeId: string; status: string }>;
  /** The envelope with its signers (one GET with include=recipients). */
  getEnvelope(envelopeId: string): Promise<EnvelopeState>;
  /** 'combined' is every document merged, with the certificate of completion appended (DocuSign's default). */
  getDocument(envelopeId: string, which: 'combined' | 'certificate'): Promise<Buffer>;
  voidEnvelope(envelopeId: string, reason: string): Promise<void>;
  /** The envelope (not voided) created for our request since `since`, found by its custom field. */
  findEnvelopeForRequest(requestId: string, since: Date): Promise<string | undefined>;
  resendEnvelope(envelopeId: string): Promise<void>;
}

export type ConnectEvent = {
  format: 'json-sim' | 'xml-legacy';
  /** normalized, e.g. 'envelope-completed', 'recipient-declined', 'recipient-autoresponded' */
  event: string;
  envelopeId: string;
  recipientId?: string;
  generatedAt?: Date;
  /** Present when the message carries the envelope (JSON envelopeSummary, or the XML EnvelopeStatus). */
  envelope?: EnvelopeState;
  /** envelopeId + event + recipientId + generatedDateTime, or sha256 of the body when that is not enough. */
  dedupKey: string;
};
