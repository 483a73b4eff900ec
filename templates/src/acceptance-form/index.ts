export { ACCEPTANCE_ANCHORS } from './anchors';
export { ACCEPTANCE_FORM_COPY } from './copies';
export { DOCUSIGN_SUBJECT_MAX_LENGTH, renderDocuSignEmail } from './docusign-email';
export { renderAcceptanceForm, type RenderAcceptanceFormOptions } from './render-form';
export type { AcceptanceFormCopy, AcceptanceFormInput } from './types';
