export type { ConnectEvent, DocuSignClient, DocuSignSettings, EnvelopeInput, EnvelopeState, SignerState } from './types';
export { DocuSignError, type DocuSignErrorKind } from './docusign-error';
export { createDocuSignClient } from './docusign-client';
export { connectSignatureCheck, verifyConnectSignature, type ConnectSignatureCheck } from './verify-connect-signature';
export { parseConnectMessage } from './parse-connect-message';
export { ConnectMessageError } from './connect-message-error';
export { CONNECT_EVENTS, REQUEST_ID_FIELD } from './envelope-definition';
export { consentUrl } from './consent-url';
export { envelopeNotification, wholeDays, type EnvelopeNotificationSettings } from './envelope-notification';
