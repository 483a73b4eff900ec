export { SUPPORTED_LOCALES, isLocale, matchLocale, resolveLocale, type Locale } from './locales';
export { escapeHtml } from './escape-html';
export type { RenderedEmail } from './rendered-email';
export { ACCEPT_PHRASES, CONSENT_EMAIL_COPY, renderConsentEmail, type ConsentEmailInput } from './consent-email';
export { PARTNER_EVENTS, renderPartnerNotification, type PartnerEvent, type PartnerNotificationData } from './partner-notification';
export { renderCampaignCompleted, type CampaignCompletedData } from './partner-notification/campaign-completed';
export {
  MCA_PUBLIC_URL,
  MCA_TEMPLATE_ID,
  findAgreement,
  normalizeCountry,
  type AgreementDocument,
  type FindAgreementInput,
  type FindAgreementOptions,
} from './agreements/catalogue';
export { PDF_CONTENT_TYPE, WORD_CONTENT_TYPE, type AgreementContentType, type AgreementFile } from './agreements/agreement-file';
export { agreementUrlFor, type AgreementUrlTable } from './agreements/agreement-urls';
export { countryDefaultLanguage, offeredLanguages, pickLanguage } from './agreements/country-languages';
export { AGREEMENT_TITLES } from './agreements/titles';
export {
  ACCEPTANCE_ANCHORS,
  ACCEPTANCE_FORM_COPY,
  DOCUSIGN_SUBJECT_MAX_LENGTH,
  renderAcceptanceForm,
  renderDocuSignEmail,
  type AcceptanceFormCopy,
  type AcceptanceFormInput,
  type RenderAcceptanceFormOptions,
} from './acceptance-form';
export { MICROSOFT_EMAIL_COPY, renderMicrosoftAcceptanceEmail, type MicrosoftEmailCopy, type MicrosoftEmailInput } from './microsoft-email';
