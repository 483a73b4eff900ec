/** Partner Center error codes this service acts on (developer/error-codes.md, confirm-customer-consent-customer-agreement.md). */

/** Microsoft's error code 13605, a 403 on ordering: neither a partner attestation nor a direct acceptance of the MCA exists. */
export const MICROSOFT_MCA_NOT_ACCEPTED_CODE = '13605';

/** Microsoft's text for 13605, used when an answer carries the code without a description. */
export const MICROSOFT_MCA_NOT_ACCEPTED_TEXT =
  'Either a partner confirmation of the customer acceptance of the Microsoft Customer Agreement must be provided ' +
  'or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin Center before you can complete this purchase';

/** PartnerConfirmedAgreementAlreadyExists: the same agreement (same contact) was confirmed before. */
export const AGREEMENT_ALREADY_EXISTS_CODE = '600061';
