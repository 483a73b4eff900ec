export { findAgreementFor, type AgreementContext, type AgreementForCustomer } from './find-agreement-for';
export { AgreementUnavailableError } from './agreement-unavailable-error';
export { cultureCandidates, cultureFor, localeOfCulture, type CultureCandidate } from './partner-center-cultures';
export { agreementContentTypeOf } from './document-content-type';
export { AGREEMENT_DOCUMENT_MAX_AGE_MS } from './agreement-document-store';
export { MCA_TEMPLATE_TTL_MS, forgetMcaTemplate } from './mca-template-cache';
