import { MCA_AGREEMENT_TYPE, parseAgreementContact, parseCustomerAgreements, parseDirectSignedStatus, parseMcaTemplate } from './agreement-wire';
import { combineMcaAcceptance } from './check-mca-acceptance';
import { downloadAgreementDocument } from './download-agreement-document';
import { createAgreementBody, createAttestationBody, ENHANCED_ATTESTATIONS_PATH, enhancedAttestationPath, parseAttestation } from './enhanced-attestation-wire';
import { AGREEMENT_ALREADY_EXISTS_CODE } from './error-codes';
import { PartnerCenterError } from './partner-center-error';
import { parseRelationships } from './relationship-wire';
import { createTokenSource } from './token-source';
import { createTransport, jsonOrThrow, type WireRequest } from './transport';
import type { PartnerCenterClient, PartnerCenterClientOptions, PartnerCenterSettings } from './types';
import { decodeJson } from '../../../platform/src/wire/json-readers';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 4;

/**
 * Partner Center REST over global fetch. Every failure is a PartnerCenterError; transient ones
 * (429, 5xx, network, timeouts) are retried inside each call before that.
 */
export function createPartnerCenterClient(settings: PartnerCenterSettings, opts: PartnerCenterClientOptions = {}): PartnerCenterClient {
  const fetchImpl = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport({
    baseUrl: settings.baseUrl,
    tokens: createTokenSource(settings.auth, { fetch: fetchImpl, now, timeoutMs }),
    fetch: fetchImpl,
    now,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: opts.random ?? Math.random,
    timeoutMs,
    maxAttempts: Math.max(1, settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
  });

  async function getJson(path: string, query?: Record<string, string>): Promise<unknown> {
    const operation = `GET ${path}`;
    const res = await transport.send({ method: 'GET', path, ...(query ? { query } : {}), authenticated: true, operation });
    return jsonOrThrow(res, operation, now());
  }

  async function postJson(path: string, json: unknown): Promise<unknown> {
    const req: WireRequest = { method: 'POST', path, json, authenticated: true, operation: `POST ${path}` };
    return jsonOrThrow(await transport.send(req), req.operation, now());
  }

  const customerPath = (tenantId: string) => `/v1/customers/${encodeURIComponent(tenantId)}`;

  async function readCustomerAgreements(tenantId: string) {
    const raw = await getJson(`${customerPath(tenantId)}/agreements`, { agreementType: MCA_AGREEMENT_TYPE });
    return { parsed: parseCustomerAgreements(raw), raw };
  }

  async function readDirectSignedStatus(tenantId: string) {
    const raw = await getJson(`${customerPath(tenantId)}/directSignedMicrosoftCustomerAgreementStatus`);
    return { isSigned: parseDirectSignedStatus(raw), raw };
  }

  return {
    async getMcaTemplate() {
      return parseMcaTemplate(await getJson('/v1/agreements', { agreementType: MCA_AGREEMENT_TYPE }));
    },

    async getCustomerAgreements(customerTenantId) {
      return (await readCustomerAgreements(customerTenantId)).parsed;
    },

    getDirectSignedStatus: readDirectSignedStatus,

    async getCustomerRelationships(customerTenantId) {
      return parseRelationships(await getJson(`${customerPath(customerTenantId)}/relationships`));
    },

    async checkMcaAcceptance(customerTenantId) {
      const [agreements, direct] = await Promise.all([readCustomerAgreements(customerTenantId), readDirectSignedStatus(customerTenantId)]);
      return combineMcaAcceptance(agreements, direct, new Date(now()));
    },

    downloadAgreementDocument(templateId, country, language) {
      return downloadAgreementDocument(transport, templateId, country, language, now);
    },

    async createEnhancedAttestation(input) {
      return parseAttestation(await postJson(ENHANCED_ATTESTATIONS_PATH, createAttestationBody(input)));
    },

    async getEnhancedAttestation(attestationId) {
      return parseAttestation(await getJson(enhancedAttestationPath(attestationId)));
    },

    async createAgreement(input) {
      const path = `${customerPath(input.customerTenantId)}/agreements`;
      const operation = `POST ${path}`;
      const res = await transport.send({ method: 'POST', path, json: createAgreementBody(input), authenticated: true, operation });
      try {
        const raw = jsonOrThrow(res, operation, now());
        const primaryContact = parseAgreementContact(raw);
        return { created: true, raw, ...(primaryContact ? { primaryContact } : {}) };
      } catch (err) {
        // 600061 is success: the agreement exists, e.g. because a retried POST's first try went through.
        if (err instanceof PartnerCenterError && err.code === AGREEMENT_ALREADY_EXISTS_CODE) {
          return { created: false, raw: decodeJson(res.bytes) };
        }
        throw err;
      }
    },
  };
}
