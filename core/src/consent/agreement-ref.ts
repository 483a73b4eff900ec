import type { AgreementRef } from '../db';

/** The catalogue entry a request presented, as kept on the request and its consent record. */
export function agreementRef(agreement: Omit<AgreementRef, 'attached'> & { file?: unknown }): AgreementRef {
  const { templateId, country, language, title, url, sha256 } = agreement;
  return { templateId, country, language, title, url, sha256, attached: Boolean(agreement.file) };
}
