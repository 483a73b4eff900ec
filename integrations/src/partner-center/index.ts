export { createPartnerCenterClient } from './partner-center-client';
export { parsePartnerCenterError, type ErrorContext } from './parse-partner-center-error';
export { PartnerCenterError, type PartnerCenterErrorKind, type PartnerCenterErrorDetails } from './partner-center-error';
export { AGREEMENT_ALREADY_EXISTS_CODE, MICROSOFT_MCA_NOT_ACCEPTED_CODE, MICROSOFT_MCA_NOT_ACCEPTED_TEXT } from './error-codes';
export { MCA_AGREEMENT_TYPE } from './agreement-wire';
export { matchReseller, type ResellerMatch } from './match-reseller';
export { DEFAULT_SCOPE as PARTNER_CENTER_DEFAULT_SCOPE } from './token-source';
export type {
  AgreementContact,
  AgreementDocumentFile,
  CreateAgreementInput,
  CreateEnhancedAttestationInput,
  CustomerAgreement,
  EnhancedAttestation,
  EnhancedAttestationStatus,
  McaAcceptance,
  McaTemplate,
  PartnerRelationship,
  PartnerCenterClient,
  PartnerCenterClientOptions,
  PartnerCenterSettings,
  Signatory,
} from './types';
