import { PartnerCenterError } from './partner-center-error';
import type { AgreementContact, CustomerAgreement, McaTemplate } from './types';
import { asObject, readArray, readBoolean, readDate, readNumber, readString, type WireObject } from '../../../platform/src/wire/json-readers';

/**
 * The documented agreement resources (learn.microsoft.com/partner-center/developer:
 * agreement-metadata-resources, agreement-resources, customer-agreement-direct-sign-status-resource,
 * agreement-document-resources). Only the enhanced attestation shapes, which are not fully
 * documented, live apart in enhanced-attestation-wire.ts.
 */

/** Always sent as agreementType: without it Partner Center answers for the old Microsoft Cloud Agreement. */
export const MCA_AGREEMENT_TYPE = 'MicrosoftCustomerAgreement';

const isMca = (type: string | undefined) => type?.toLowerCase() === MCA_AGREEMENT_TYPE.toLowerCase();

/**
 * `{ totalCount, items: [AgreementMetaData] }`. The doc table says `type`, its example and the SDK
 * say `agreementType`: both are read. More than one MCA item is not expected; the highest
 * versionRank (the version being enforced) wins if it happens.
 */
export function parseMcaTemplate(body: unknown): McaTemplate {
  let best: McaTemplate | undefined;
  for (const item of readArray(asObject(body), 'items')) {
    const obj = asObject(item);
    if (!isMca(readString(obj, 'agreementType') ?? readString(obj, 'type'))) continue;
    const templateId = readString(obj, 'templateId');
    if (!templateId) continue;
    const candidate = { templateId, agreementLink: readString(obj, 'agreementLink') ?? '', versionRank: readNumber(obj, 'versionRank') ?? 0 };
    if (!best || candidate.versionRank > best.versionRank) best = candidate;
  }
  if (!best) throw new PartnerCenterError('not-found', 'Partner Center lists no Microsoft Customer Agreement template');
  return best;
}

/**
 * `{ totalCount, items: [Agreement] }`. Items of another type are dropped even though the query
 * asks for MCA only (an SDK once stored MCA confirmations as Cloud Agreements); items without a
 * template or a readable date cannot prove anything and are dropped too (the raw answer is kept
 * as evidence by the caller).
 */
export function parseCustomerAgreements(body: unknown): CustomerAgreement[] {
  const agreements: CustomerAgreement[] = [];
  for (const item of readArray(asObject(body), 'items')) {
    const obj = asObject(item);
    const type = readString(obj, 'type') ?? readString(obj, 'agreementType');
    const templateId = readString(obj, 'templateId');
    const dateAgreed = readDate(obj, 'dateAgreed');
    if (!type || !isMca(type) || !templateId || !dateAgreed) continue;
    const primaryContact = parseContact(asObject(obj?.primaryContact));
    const agreementLink = readString(obj, 'agreementLink');
    agreements.push({
      templateId,
      type,
      dateAgreed,
      ...(primaryContact ? { primaryContact } : {}),
      ...(agreementLink ? { agreementLink } : {}),
    });
  }
  return agreements;
}

/** `{ isSigned: true }`; anything else counts as not signed, which at worst asks the customer again. */
export function parseDirectSignedStatus(body: unknown): boolean {
  return readBoolean(asObject(body), 'isSigned') === true;
}

export interface AgreementDocumentLink {
  downloadUri: string;
  displayUri?: string;
  language?: string;
  country?: string;
}

/** `AgreementDocument { displayUri, downloadUri, language, country }`; downloadUri expires after 5 minutes. */
export function parseAgreementDocumentLink(body: unknown): AgreementDocumentLink {
  const obj = asObject(body);
  const downloadUri = readString(obj, 'downloadUri');
  if (!downloadUri) throw new PartnerCenterError('unavailable', 'Partner Center agreement document answer has no downloadUri');
  const displayUri = readString(obj, 'displayUri');
  const language = readString(obj, 'language');
  const country = readString(obj, 'country');
  return { downloadUri, ...(displayUri ? { displayUri } : {}), ...(language ? { language } : {}), ...(country ? { country } : {}) };
}

export function contactToWire(c: { firstName: string; lastName: string; email: string; phone?: string }): WireObject {
  return { firstName: c.firstName, lastName: c.lastName, email: c.email, ...(c.phone ? { phoneNumber: c.phone } : {}) };
}

/** The signatory an Agreement resource names (the answer of POST /v1/customers/{id}/agreements), if it names one. */
export function parseAgreementContact(body: unknown): AgreementContact | undefined {
  return parseContact(asObject(asObject(body)?.primaryContact));
}

function parseContact(obj: WireObject | undefined): AgreementContact | undefined {
  const firstName = readString(obj, 'firstName');
  const lastName = readString(obj, 'lastName');
  const email = readString(obj, 'email');
  if (!firstName || !lastName || !email) return undefined;
  const phoneNumber = readString(obj, 'phoneNumber');
  return { firstName, lastName, email, ...(phoneNumber ? { phoneNumber } : {}) };
}
