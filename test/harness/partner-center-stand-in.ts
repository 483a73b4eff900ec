/**
 * A local HTTP server standing in for the Partner Center REST endpoints our client uses
 * (integrations/src/partner-center), plus an Entra ID client-credentials token endpoint and the signed,
 * expiring download links of agreement documents. Wire shapes follow Microsoft's documentation
 * where it exists (agreements, direct-sign status, agreement documents, a customer's resellers, 600061) and the client's
 * assumptions in enhanced-attestation-wire.ts where it does not (enhanced attestations).
 *
 * Invented here, not Microsoft's: the error bodies other than 600061 (no documented codes, so
 * they carry errorName and description only), the acceptance page, the link signature format.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';
/** The retired Microsoft Cloud Agreement template: what Partner Center answers when agreementType is left out. */
const MCA_CLOUD_TEMPLATE_ID = '998b88de-aa99-4388-a42c-1b3517d49490';
const MCA = 'MicrosoftCustomerAgreement';
const AGREEMENT_LINK = 'https://aka.ms/customeragreement';
const SCOPE = 'https://api.partnercenter.microsoft.com/.default';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface StandInAgreement {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
  dateAgreed: string;
  templateId?: string;
  attestationId?: string;
}

/** A PartnerRelationship as GET /v1/customers/{id}/relationships lists it (learn.microsoft.com/partner-center/developer/relationships-resources). */
export interface StandInRelationship {
  /** The reseller's Partner Center tenant id. */
  id: string;
  mpnId?: string;
  name?: string;
  relationshipType?: string;
  state?: string;
}

export type StandInAttestationStatus = 'LinkGenerated' | 'CustomerAccepted' | 'LinkExpired' | 'AgreementCreated';

export interface StandInAttestation {
  id: string;
  tenantId: string;
  body: Record<string, unknown>;
  status: StandInAttestationStatus;
  polls: number;
  acceptanceUrl: string;
  expiresAt: string;
}

/** Counted in GETs of the attestation: the Nth GET (and later ones) sees the new status. */
export type AttestationBehaviour = { acceptAfterPolls: number } | { expireAfterPolls: number } | { never: true };

export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, a form as an object, raw text otherwise, undefined when empty. */
  body: unknown;
  authorization?: string;
}

export interface PartnerCenterStandIn {
  baseUrl: string;
  token: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  templateId: string;
  setDirectSigned(tenantId: string, signed: boolean): void;
  addAgreement(tenantId: string, agreement?: Partial<StandInAgreement>): void;
  agreementsOf(tenantId: string): StandInAgreement[];
  /** The customer's indirect resellers; unset: an empty collection (no indirect reseller), null: the `null` body Microsoft answers then too. */
  setRelationships(tenantId: string, relationships: Array<Partial<StandInRelationship> & { id: string }> | null): void;
  setAttestationBehaviour(b: AttestationBehaviour): void;
  acceptAttestation(attestationId: string): void;
  attestations(): StandInAttestation[];
  /** Next n matching requests (any path, token and downloads included, unless pathPattern) answer status; 429 always carries Retry-After. */
  failNext(n: number, status: number, opts?: { pathPattern?: RegExp; retryAfterSeconds?: number }): void;
  /** Next n matching requests get no answer at all (a hung connection): the client's timeout has to end them. */
  stallNext(n: number, opts?: { pathPattern?: RegExp }): void;
  setDownloadLinkTtlMs(ms: number): void;
  /** The next n document links handed out are already expired (a slow host or a skewed clock). */
  expireNextDownloadLinks(n: number): void;
  setDocumentLanguages(country: string, languages: string[]): void;
  requests: StandInRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** The bytes served for a document: a tiny fake .docx (zip magic), deterministic per template/country/language. */
export function agreementDocumentBytes(templateId: string, country: string, language: string): Buffer {
  const text = `Microsoft Customer Agreement template=${templateId} country=${country} language=${language}\n`;
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(text, 'utf8'), createHash('sha256').update(text).digest()]);
}

interface Failure {
  remaining: number;
  status: number;
  pathPattern?: RegExp;
  retryAfterSeconds?: number;
}

type Reply = { status: number; json?: unknown; headers?: Record<string, string>; raw?: Buffer | string };

const pcError = (status: number, errorName: string, description: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  json: { errorName, description, isRetryable: status === 429 || status >= 500, data: [], source: 'PartnerFD', ...extra },
});

const str = (obj: Record<string, unknown>, key: string): string | undefined => {
  const v = obj[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};
const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export async function startPartnerCenterStandIn(): Promise<PartnerCenterStandIn> {
  const token = `pc-stand-in-${randomBytes(16).toString('hex')}`;
  const signingKey = randomBytes(32);
  const clientId = randomUUID();
  const clientSecret = `secret~${randomBytes(18).toString('base64url')}`;
  const directSigned = new Map<string, boolean>();
  const agreements = new Map<string, StandInAgreement[]>();
  const relationships = new Map<string, StandInRelationship[] | null>();
  const attestations = new Map<string, StandInAttestation>();
  const behaviours = new Map<string, AttestationBehaviour>();
  const documentLanguages = new Map<string, string[]>();
  const requests: StandInRequest[] = [];
  let failures: Failure[] = [];
  let stalls: Array<{ remaining: number; pathPattern?: RegExp }> = [];
  let behaviour: AttestationBehaviour = { acceptAfterPolls: 1 };
  let linkTtlMs = 5 * 60_000;
  let expiredLinksToHandOut = 0;
  let baseUrl = '';

  const key = (tenantId: string) => tenantId.toLowerCase();
  const sign = (path: string, expires: string) => createHmac('sha256', signingKey).update(`${path}\n${expires}`).digest('base64url');

  function route(method: string, path: string, query: Record<string, string>, body: unknown, authorization: string | undefined): Reply {
    if (method === 'POST' && path === '/stand-in-tenant/oauth2/v2.0/token') return tokenEndpoint(body);
    if (method === 'GET' && path.startsWith('/agreement-documents/')) return download(path, query);
    let m = /^\/accept\/([^/]+)$/.exec(path);
    if (m?.[1]) return acceptancePage(method, decodeURIComponent(m[1]));
    if (!path.startsWith('/v1/')) return pcError(404, 'NotFound', `No route ${method} ${path}`);
    if (authorization !== `Bearer ${token}`) {
      return {
        ...pcError(401, 'Unauthorized', 'The bearer token is missing, invalid or expired.'),
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      };
    }

    if (method === 'GET' && path === '/v1/agreements') {
      const item =
        query.agreementType === MCA
          ? { templateId: MCA_TEMPLATE_ID, agreementType: MCA, agreementLink: AGREEMENT_LINK, versionRank: 0 }
          : {
              templateId: MCA_CLOUD_TEMPLATE_ID,
              agreementType: 'MicrosoftCloudAgreement',
              agreementLink: 'https://aka.ms/microsoftcloudagreement',
              versionRank: 0,
            };
      return { status: 200, json: collection([item]) };
    }
    if ((m = /^\/v1\/agreementtemplates\/([^/]+)\/document$/.exec(path)) && method === 'GET') return documentLink(decodeURIComponent(m[1] ?? ''), query);
    if (method === 'POST' && path === '/v1/attestations/enhanced') return createAttestation(body);
    if ((m = /^\/v1\/attestations\/enhanced\/([^/]+)$/.exec(path)) && method === 'GET') return readAttestation(decodeURIComponent(m[1] ?? ''));

    m = /^\/v1\/customers\/([^/]+)\/(agreements|directSignedMicrosoftCustomerAgreementStatus|relationships)$/.exec(path);
    const tenantId = decodeURIComponent(m?.[1] ?? '');
    if (!m) return pcError(404, 'NotFound', `No route ${method} ${path}`);
    if (!GUID.test(tenantId)) return pcError(404, 'CustomerNotFound', `Customer ${tenantId} was not found.`);
    if (m[2] === 'directSignedMicrosoftCustomerAgreementStatus' && method === 'GET') {
      return { status: 200, json: { isSigned: directSigned.get(key(tenantId)) === true } };
    }
    if (m[2] === 'agreements' && method === 'GET') {
      const type = query.agreementType ?? 'MicrosoftCloudAgreement';
      const items = type === MCA || type === '*' ? (agreements.get(key(tenantId)) ?? []).map(agreementToWire) : [];
      return { status: 200, json: collection(items) };
    }
    if (m[2] === 'agreements' && method === 'POST') return createAgreement(tenantId, body);
    if (m[2] === 'relationships' && method === 'GET') {
      const listed = relationships.get(key(tenantId));
      if (listed === null) return { status: 200, raw: 'null', headers: { 'Content-Type': 'application/json; charset=utf-8' } };
      return { status: 200, json: collection((listed ?? []).map(relationshipToWire)) };
    }
    return pcError(405, 'MethodNotAllowed', `${method} is not supported on ${path}`);
  }

  function tokenEndpoint(body: unknown): Reply {
    const form = asRecord(body) ?? {};
    if (form.grant_type !== 'client_credentials')
      return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The grant type is not supported.' } };
    if (form.client_id !== clientId || form.client_secret !== clientSecret) {
      return {
        status: 401,
        json: { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided for app '${String(form.client_id)}'.` },
      };
    }
    if (form.scope !== SCOPE)
      return { status: 400, json: { error: 'invalid_scope', error_description: `AADSTS70011: The provided value for scope is not valid.` } };
    return { status: 200, json: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  function documentLink(templateId: string, query: Record<string, string>): Reply {
    if (templateId !== MCA_TEMPLATE_ID) return pcError(404, 'AgreementTemplateNotFound', `Agreement template ${templateId} was not found.`);
    const country = query.country ?? 'US';
    const asked = query.language ?? 'en-US';
    const known = documentLanguages.get(country);
    const language = !known || known.includes(asked) ? asked : 'en-US';
    const path = `/agreement-documents/${templateId}/${country}/${language}/document`;
    let expires = Date.now() + linkTtlMs;
    if (expiredLinksToHandOut > 0) {
      expiredLinksToHandOut--;
      expires = Date.now() - 1;
    }
    const se = String(expires);
    const downloadUri = `${baseUrl}${path}?se=${se}&sig=${sign(path, se)}`;
    return { status: 200, json: { displayUri: AGREEMENT_LINK, downloadUri, language, country, attributes: { objectType: 'AgreementDocument' } } };
  }

  function download(path: string, query: Record<string, string>): Reply {
    const refused = (message: string): Reply => ({
      status: 403,
      headers: { 'Content-Type': 'application/xml' },
      raw: `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>${message}</Message></Error>`,
    });
    const se = query.se ?? '';
    if (!query.sig || query.sig !== sign(path, se)) return refused('Signature did not match.');
    if (!(Date.now() < Number(se))) return refused('Signed expiry time has passed.');
    const [, , templateId = '', country = '', language = ''] = path.split('/');
    return {
      status: 200,
      headers: { 'Content-Type': DOCX, 'Content-Disposition': `attachment; filename="Microsoft_Customer_Agreement_${country}_${language}.docx"` },
      raw: agreementDocumentBytes(templateId, country, language),
    };
  }

  function createAttestation(body: unknown): Reply {
    const obj = asRecord(body);
    if (!obj) return pcError(400, 'InvalidInput', 'The request body must be a JSON object.');
    for (const field of ['customerTenantId', 'country', 'language', 'companyName', 'signatoryFirstName', 'signatoryLastName', 'signatoryEmail']) {
      if (!str(obj, field)) return pcError(400, 'InvalidInput', `The field ${field} is required.`);
    }
    if (!/^[A-Z]{2}$/.test(str(obj, 'country') ?? '')) return pcError(400, 'InvalidInput', 'country must be an ISO 3166-1 alpha-2 code.');
    const id = randomUUID();
    const attestation: StandInAttestation = {
      id,
      tenantId: str(obj, 'customerTenantId') ?? '',
      body: obj,
      status: 'LinkGenerated',
      polls: 0,
      acceptanceUrl: `${baseUrl}/accept/${id}`,
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    };
    attestations.set(id, attestation);
    behaviours.set(id, behaviour);
    return { status: 201, json: attestationToWire(attestation) };
  }

  function readAttestation(id: string): Reply {
    const a = attestations.get(id);
    if (!a) return pcError(404, 'AttestationNotFound', `Attestation ${id} was not found.`);
    a.polls++;
    const b = behaviours.get(id) ?? { never: true };
    if (a.status === 'LinkGenerated') {
      if ('acceptAfterPolls' in b && a.polls >= b.acceptAfterPolls) a.status = 'CustomerAccepted';
      if ('expireAfterPolls' in b && a.polls >= b.expireAfterPolls) a.status = 'LinkExpired';
    }
    return { status: 200, json: attestationToWire(a) };
  }

  function acceptancePage(method: string, id: string): Reply {
    const a = attestations.get(id);
    if (!a) return { status: 404, headers: { 'Content-Type': 'text/html' }, raw: '<p>This link is not valid.</p>' };
    if (method === 'POST' && a.status === 'LinkGenerated') a.status = 'CustomerAccepted';
    const html = `<!doctype html><title>Microsoft Customer Agreement</title><p>Status: ${a.status}</p><form method="post"><button>Accept</button></form>`;
    return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, raw: html };
  }

  function createAgreement(tenantId: string, body: unknown): Reply {
    const obj = asRecord(body);
    const contact = asRecord(obj?.primaryContact);
    const firstName = contact && str(contact, 'firstName');
    const lastName = contact && str(contact, 'lastName');
    const email = contact && str(contact, 'email');
    const phoneNumber = contact && str(contact, 'phoneNumber');
    const dateAgreed = obj && str(obj, 'dateAgreed');
    if (!obj || !firstName || !lastName || !email || !dateAgreed) {
      return pcError(400, 'InvalidInput', 'primaryContact (firstName, lastName, email), templateId, dateAgreed and type are required.');
    }
    if (obj.type !== MCA) return pcError(400, 'InvalidInput', `type must be ${MCA}.`);
    if (obj.templateId !== MCA_TEMPLATE_ID) return pcError(400, 'InvalidInput', `templateId ${String(obj.templateId)} is not the current agreement template.`);
    const agreed = Date.parse(dateAgreed);
    if (Number.isNaN(agreed) || agreed > Date.now() + 60_000) return pcError(400, 'InvalidInput', 'dateAgreed must be a date that is not in the future.');

    const existing = agreements.get(key(tenantId)) ?? [];
    const same = (x: StandInAgreement) =>
      x.firstName === firstName && x.lastName === lastName && x.email.toLowerCase() === email.toLowerCase() && (x.phoneNumber ?? '') === (phoneNumber ?? '');
    if (existing.some(same)) {
      return {
        status: 400,
        json: {
          code: 600061,
          description: 'A partner confirmed agreement already exists for the customer.',
          errorName: 'PartnerConfirmedAgreementAlreadyExists',
          isRetryable: false,
          data: [],
          source: 'PartnerFD',
        },
      };
    }
    const attestationId = str(obj, 'attestationId');
    const attestation = attestationId ? attestations.get(attestationId) : undefined;
    if (attestationId) {
      if (!attestation) return pcError(404, 'AttestationNotFound', `Attestation ${attestationId} was not found.`);
      if (key(attestation.tenantId) !== key(tenantId)) return pcError(400, 'InvalidInput', `Attestation ${attestationId} belongs to another customer.`);
      if (attestation.status !== 'CustomerAccepted')
        return pcError(400, 'AttestationNotAccepted', `Attestation ${attestationId} is ${attestation.status}; the customer has not accepted.`);
    }
    const agreement: StandInAgreement = {
      firstName,
      lastName,
      email,
      ...(phoneNumber ? { phoneNumber } : {}),
      dateAgreed: new Date(agreed).toISOString(),
      templateId: MCA_TEMPLATE_ID,
      ...(attestationId ? { attestationId } : {}),
    };
    agreements.set(key(tenantId), [...existing, agreement]);
    if (attestation) attestation.status = 'AgreementCreated';
    return { status: 201, json: { userId: randomUUID(), ...agreementToWire(agreement), ...(attestationId ? { attestationId } : {}) } };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', baseUrl);
    const query = Object.fromEntries(url.searchParams);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = text === '' ? undefined : text;
    let malformed = false;
    if (text && contentType.includes('json')) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        malformed = true;
      }
    } else if (text && contentType.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
    const authorization = req.headers.authorization;
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query, body, ...(authorization !== undefined ? { authorization } : {}) });

    const stall = stalls.find((s) => s.remaining > 0 && (!s.pathPattern || s.pathPattern.test(url.pathname)));
    if (stall) {
      stall.remaining--;
      return; // never answered; closeAllConnections ends it on close
    }
    const failure = failures.find((f) => f.remaining > 0 && (!f.pathPattern || f.pathPattern.test(url.pathname)));
    let reply: Reply;
    if (failure) {
      failure.remaining--;
      const retryAfter = failure.retryAfterSeconds ?? (failure.status === 429 ? 0 : undefined);
      reply =
        failure.status === 429
          ? pcError(429, 'TooManyRequests', `Rate limit is exceeded. Try again in ${retryAfter ?? 0} seconds.`)
          : pcError(failure.status, 'ServiceUnavailable', 'The service is temporarily unavailable.');
      if (retryAfter !== undefined) reply.headers = { 'Retry-After': String(retryAfter) };
    } else if (malformed) {
      reply = pcError(400, 'InvalidInput', 'The request body is not valid JSON.');
    } else {
      reply = route(method, url.pathname, query, body, authorization);
    }

    const correlation = req.headers['ms-correlationid'];
    res.setHeader('MS-CorrelationId', typeof correlation === 'string' ? correlation : randomUUID());
    res.statusCode = reply.status;
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    if (reply.json !== undefined) {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(reply.json));
    } else {
      res.end(reply.raw ?? '');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    token,
    tokenUrl: `${baseUrl}/stand-in-tenant/oauth2/v2.0/token`,
    clientId,
    clientSecret,
    templateId: MCA_TEMPLATE_ID,
    requests,
    setDirectSigned: (tenantId, signed) => void directSigned.set(key(tenantId), signed),
    addAgreement(tenantId, agreement = {}) {
      const list = agreements.get(key(tenantId)) ?? [];
      list.push({
        firstName: 'Ola',
        lastName: 'Partnersen',
        email: 'ola@other-partner.example',
        dateAgreed: '2025-03-14T09:30:00.000Z',
        templateId: MCA_TEMPLATE_ID,
        ...agreement,
      });
      agreements.set(key(tenantId), list);
    },
    setRelationships(tenantId, list) {
      relationships.set(
        key(tenantId),
        list === null ? null : list.map((r) => ({ relationshipType: 'IsIndirectResellerOf', state: 'active', name: 'Reseller', ...r })),
      );
    },
    agreementsOf: (tenantId) => (agreements.get(key(tenantId)) ?? []).map((a) => ({ ...a })),
    setAttestationBehaviour(b) {
      behaviour = b;
    },
    acceptAttestation(attestationId) {
      const a = attestations.get(attestationId);
      if (!a) throw new Error(`stand-in has no attestation ${attestationId}`);
      if (a.status === 'LinkGenerated') a.status = 'CustomerAccepted';
    },
    attestations: () => [...attestations.values()].map((a) => ({ ...a })),
    failNext(n, status, opts = {}) {
      failures.push({ remaining: n, status, ...opts });
    },
    stallNext(n, opts = {}) {
      stalls.push({ remaining: n, ...opts });
    },
    setDownloadLinkTtlMs(ms) {
      linkTtlMs = ms;
    },
    expireNextDownloadLinks(n) {
      expiredLinksToHandOut = n;
    },
    setDocumentLanguages: (country, languages) => void documentLanguages.set(country, [...languages]),
    reset() {
      directSigned.clear();
      agreements.clear();
      relationships.clear();
      attestations.clear();
      behaviours.clear();
      documentLanguages.clear();
      requests.length = 0;
      failures = [];
      stalls = [];
      behaviour = { acceptAfterPolls: 1 };
      linkTtlMs = 5 * 60_000;
      expiredLinksToHandOut = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };

  function collection(items: unknown[]) {
    return { totalCount: items.length, items, attributes: { objectType: 'Collection' } };
  }
}

function agreementToWire(a: StandInAgreement): Record<string, unknown> {
  return {
    primaryContact: { firstName: a.firstName, lastName: a.lastName, email: a.email, ...(a.phoneNumber ? { phoneNumber: a.phoneNumber } : {}) },
    templateId: a.templateId ?? MCA_TEMPLATE_ID,
    dateAgreed: a.dateAgreed,
    type: MCA,
    agreementLink: AGREEMENT_LINK,
    attributes: { objectType: 'Agreement' },
  };
}

function relationshipToWire(r: StandInRelationship): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    relationshipType: r.relationshipType,
    state: r.state,
    ...(r.mpnId ? { mpnId: r.mpnId } : {}),
    location: 'NO',
    attributes: { objectType: 'PartnerRelationship' },
  };
}

function attestationToWire(a: StandInAttestation): Record<string, unknown> {
  return {
    id: a.id,
    customerTenantId: a.tenantId,
    acceptanceUrl: a.acceptanceUrl,
    status: a.status,
    expiresAt: a.expiresAt,
    attributes: { objectType: 'EnhancedAttestation' },
  };
}
