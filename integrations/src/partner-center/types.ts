/** The public shapes of the Partner Center client: what callers see, never the wire format. */

export interface PartnerCenterSettings {
  /** Without /v1, e.g. https://api.partnercenter.microsoft.com */
  baseUrl: string;
  auth:
    | { kind: 'token'; token: string }
    | {
        kind: 'client-credentials';
        tokenUrl: string;
        clientId: string;
        clientSecret: string;
        /** default https://api.partnercenter.microsoft.com/.default */
        scope?: string;
      };
  /** Per attempt, default 10 s. */
  timeoutMs?: number;
  /** Default 4. */
  maxAttempts?: number;
}

export interface McaTemplate {
  templateId: string;
  agreementLink: string;
  versionRank: number;
}

export interface AgreementContact {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
}

export interface CustomerAgreement {
  templateId: string;
  type: string;
  dateAgreed: Date;
  primaryContact?: AgreementContact;
  agreementLink?: string;
}

export interface AgreementDocumentFile {
  templateId: string;
  /** What Microsoft served, which can differ from what was asked (it falls back to en-US). */
  country: string;
  language: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  /** SHA-256 of content, lowercase hex. */
  sha256: string;
  /** The download link without its query: the query is a short-lived signature, not evidence. */
  downloadedFrom: string;
}

export interface McaAcceptance {
  accepted: boolean;
  via?: 'direct' | 'partner-attestation';
  agreements: CustomerAgreement[];
  directSigned: boolean;
  /** raw Partner Center answers, kept as evidence */
  evidence: { agreements: unknown; directSignedStatus: unknown; checkedAt: string };
}

/** One of a customer's resellers, as Partner Center lists it (relationship-wire.ts). */
export interface PartnerRelationship {
  /** The reseller's Partner Center tenant id. */
  id: string;
  mpnId?: string;
  /** `IsIndirectResellerOf` for an indirect reseller of the customer. */
  relationshipType?: string;
  /** e.g. `active` */
  state?: string;
}

export type EnhancedAttestationStatus = 'link-generated' | 'customer-accepted' | 'link-expired' | 'agreement-created' | 'unknown';

export interface EnhancedAttestation {
  attestationId: string;
  /** Microsoft's page where the customer reviews and accepts the MCA. */
  acceptanceUrl: string;
  status: EnhancedAttestationStatus;
  expiresAt?: Date;
  raw: unknown;
}

export interface Signatory {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
}

export interface CreateEnhancedAttestationInput {
  customerTenantId: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** Preferred agreement language, e.g. de-DE */
  language: string;
  companyName: string;
  signatory: Signatory;
}

export interface CreateAgreementInput {
  customerTenantId: string;
  templateId: string;
  attestationId: string;
  signatory: Signatory;
  dateAgreed: Date;
}

export interface PartnerCenterClient {
  /** GET /v1/agreements?agreementType=MicrosoftCustomerAgreement */
  getMcaTemplate(): Promise<McaTemplate>;
  /** GET /v1/customers/{id}/agreements?agreementType=MicrosoftCustomerAgreement */
  getCustomerAgreements(customerTenantId: string): Promise<CustomerAgreement[]>;
  /** GET /v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus */
  getDirectSignedStatus(customerTenantId: string): Promise<{ isSigned: boolean; raw: unknown }>;
  /** GET /v1/customers/{id}/relationships: the customer's indirect resellers. */
  getCustomerRelationships(customerTenantId: string): Promise<PartnerRelationship[]>;
  /** Both of the above; accepted if either says so. */
  checkMcaAcceptance(customerTenantId: string): Promise<McaAcceptance>;
  /** Asks for a fresh link and downloads it at once (links expire in minutes), then hashes the file. */
  downloadAgreementDocument(templateId: string, country: string, language: string): Promise<AgreementDocumentFile>;
  /** POST /v1/attestations/enhanced */
  createEnhancedAttestation(input: CreateEnhancedAttestationInput): Promise<EnhancedAttestation>;
  /** GET /v1/attestations/enhanced/{id} */
  getEnhancedAttestation(attestationId: string): Promise<EnhancedAttestation>;
  /**
   * POST /v1/customers/{id}/agreements; created is false when Microsoft already has it (600061),
   * which is success. primaryContact: the signatory the created agreement names.
   */
  createAgreement(input: CreateAgreementInput): Promise<{ created: boolean; raw: unknown; primaryContact?: AgreementContact }>;
}

export interface PartnerCenterClientOptions {
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** 0 <= x < 1; injectable so backoff delays are predictable in tests. */
  random?: () => number;
}
