/**
 * EVERY wire shape of Microsoft's enhanced attestation flow, in one place, because the full
 * reference was not retrievable when this was written. Correct this file (and only this file)
 * against learn.microsoft.com/partner-center/customers/integrate-sandbox-confirm-customer-accept.
 *
 * KNOWN (Microsoft's page, partial text):
 * - POST /v{version}/attestations/enhanced creates an attestation and returns its id; auth is
 *   app-only; indirect providers and direct-bill partners only.
 * - Request fields seen: country (ISO 3166-1 alpha-2), language, companyName, signatoryFirstName,
 *   signatoryLastName (all required); signatory email and an optional phone are named as data needed.
 * - The customer accepts on a Microsoft-provided parameterized link; afterwards the agreement is
 *   created with the Create agreement API (POST /v1/customers/{id}/agreements) using the
 *   attestation id. The 600061 duplicate rule still applies.
 * - Link states reported by a third party (CloudCockpit): linkgenerated, customeraccepted,
 *   linkexpired, agreementcreated.
 *
 * ASSUMED (not verified against Microsoft):
 * - the request also carries customerTenantId, signatoryEmail and signatoryPhoneNumber;
 * - GET /v1/attestations/enhanced/{id} reads one back;
 * - the answer is { id, acceptanceUrl | attestationLink, status, expiresAt? }; `attestationId`
 *   is read as an alias of `id`;
 * - status strings are PascalCase (LinkGenerated, …); they are matched ignoring case and separators;
 * - the create-agreement body is the legacy one (templateId, type, primaryContact, dateAgreed)
 *   plus attestationId.
 */
import { contactToWire, MCA_AGREEMENT_TYPE } from './agreement-wire';
import { PartnerCenterError } from './partner-center-error';
import type { CreateAgreementInput, CreateEnhancedAttestationInput, EnhancedAttestation, EnhancedAttestationStatus } from './types';
import { asObject, readDate, readString, type WireObject } from '../../../platform/src/wire/json-readers';

export const ENHANCED_ATTESTATIONS_PATH = '/v1/attestations/enhanced';

export function enhancedAttestationPath(attestationId: string): string {
  return `${ENHANCED_ATTESTATIONS_PATH}/${encodeURIComponent(attestationId)}`;
}

export function createAttestationBody(input: CreateEnhancedAttestationInput): WireObject {
  const { signatory } = input;
  return {
    customerTenantId: input.customerTenantId,
    country: input.country,
    language: input.language,
    companyName: input.companyName,
    signatoryFirstName: signatory.firstName,
    signatoryLastName: signatory.lastName,
    signatoryEmail: signatory.email,
    ...(signatory.phone ? { signatoryPhoneNumber: signatory.phone } : {}),
  };
}

const STATUS_BY_WIRE: Record<string, EnhancedAttestationStatus> = {
  linkgenerated: 'link-generated',
  customeraccepted: 'customer-accepted',
  linkexpired: 'link-expired',
  agreementcreated: 'agreement-created',
};

/** An answer without id or link means the assumptions above are wrong: said loudly, never guessed around. */
export function parseAttestation(body: unknown): EnhancedAttestation {
  const obj = asObject(body);
  const attestationId = readString(obj, 'id') ?? readString(obj, 'attestationId');
  const acceptanceUrl = readString(obj, 'acceptanceUrl') ?? readString(obj, 'attestationLink');
  if (!attestationId || !acceptanceUrl) {
    throw new PartnerCenterError(
      'invalid-request',
      `Partner Center enhanced attestation answer has no ${attestationId ? 'acceptance link' : 'id'}; ` +
        'the assumed wire format in integrations/src/partner-center/enhanced-attestation-wire.ts needs correcting',
    );
  }
  const wireStatus = (readString(obj, 'status') ?? '').toLowerCase().replace(/[^a-z]/g, '');
  const expiresAt = readDate(obj, 'expiresAt');
  return {
    attestationId,
    acceptanceUrl,
    status: STATUS_BY_WIRE[wireStatus] ?? 'unknown',
    ...(expiresAt ? { expiresAt } : {}),
    raw: body,
  };
}

export function createAgreementBody(input: CreateAgreementInput): WireObject {
  return {
    templateId: input.templateId,
    type: MCA_AGREEMENT_TYPE,
    attestationId: input.attestationId,
    primaryContact: contactToWire(input.signatory),
    dateAgreed: input.dateAgreed.toISOString(),
  };
}
