/**
 * A local HTTPS server standing in for DocuSign's OAuth host and eSignature REST API, so the
 * real docusign-esign SDK (axios underneath) runs unmodified against it. TLS uses the test CA in
 * test/fixtures/tls: the test process must start with NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem.
 *
 * It behaves like DocuSign where our client depends on it: JWT assertions are verified (RS256,
 * iss/sub/aud/scope/exp), tokens are required and expire, unknown envelopes answer 400
 * ENVELOPE_DOES_NOT_EXIST, rate limits answer 429 or 400 *_LIMIT_EXCEEDED with DocuSign's
 * headers, and Connect bodies have the shape of real captures (test/fixtures/docusign).
 * It does not check that anchor strings occur in the document (pdf-lib compresses text).
 */
import { createHmac, createPublicKey, randomBytes, randomUUID, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TLS_DIR = path.resolve(__dirname, '../fixtures/tls');
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TERMINAL = new Set(['completed', 'declined', 'voided']);
/** Connect configuration id as it appears in messages (numeric in real captures). */
const CONFIGURATION_ID = 10055427;

export interface StandInSigner {
  recipientId: string;
  recipientIdGuid: string;
  name: string;
  email: string;
  status: 'created' | 'sent' | 'delivered' | 'completed' | 'declined' | 'autoresponded';
  sentAt?: Date;
  deliveredAt?: Date;
  signedAt?: Date;
  declinedAt?: Date;
  declinedReason?: string;
}

export interface StandInEnvelope {
  envelopeId: string;
  /**
   * The envelope definition exactly as the SDK put it on the wire (parsed JSON). Untyped on
   * purpose: it is what DocuSign would receive, and tests assert on it freely.
   */
  definition: any;
  status: 'created' | 'sent' | 'delivered' | 'completed' | 'declined' | 'voided';
  createdAt: Date;
  sentAt?: Date;
  completedAt?: Date;
  declinedAt?: Date;
  voidedAt?: Date;
  voidedReason?: string;
  statusChangedAt: Date;
  signers: StandInSigner[];
  /** How many times resend_envelope=true was asked. */
  resent: number;
}

export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

type RateLimitKind = 429 | 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED';
interface RateLimit {
  kind: RateLimitKind;
  /** Adds a Retry-After header (DocuSign does not document one; it wins in our client). */
  retryAfterSeconds?: number;
  /** X-RateLimit-Reset this far ahead instead of at the top of the next hour, as DocuSign does. */
  resetInSeconds?: number;
}

/** `port`: 0 (default) picks a free one; a fixed port lets a service started separately be pointed at it. */
export async function startDocuSignStandIn(opts: { integrationKey: string; userId: string; accountId: string; publicKeyPem: string; port?: number }) {
  assertTestCaTrusted();
  const publicKey = createPublicKey(opts.publicKeyPem);
  const envelopes = new Map<string, StandInEnvelope>();
  const requests: StandInRequest[] = [];
  const tokens = new Map<string, number /* expires at, ms */>();
  const injected: { rateLimits: RateLimit[]; failures: number[] } = { rateLimits: [], failures: [] };
  let consentGranted = true;
  let tokenLifetimeSeconds = 3600;
  let tokenRequests = 0;
  let hostPort = '';

  // ---- OAuth ---------------------------------------------------------------------------

  function token(form: URLSearchParams, res: ServerResponse): void {
    tokenRequests += 1;
    if (form.get('grant_type') !== JWT_BEARER) return json(res, 400, { error: 'unsupported_grant_type' });
    const problem = jwtProblem(form.get('assertion') ?? '');
    if (problem) return json(res, 400, { error: 'invalid_grant', error_description: problem });
    if (!consentGranted) return json(res, 400, { error: 'consent_required' });
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, Date.now() + tokenLifetimeSeconds * 1000);
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: tokenLifetimeSeconds });
  }

  /** DocuSign's own error_description values where known (no_valid_keys_or_signatures, issuer_not_found). */
  function jwtProblem(assertion: string): string | undefined {
    const [h, p, s] = assertion.split('.');
    if (!h || !p || !s) return 'invalid_request';
    const header = parseJsonObject(Buffer.from(h, 'base64url').toString());
    if (header?.alg !== 'RS256') return 'invalid_request';
    if (!verifySignature('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return 'no_valid_keys_or_signatures';
    const claims = parseJsonObject(Buffer.from(p, 'base64url').toString());
    if (!claims) return 'invalid_request';
    if (claims.iss !== opts.integrationKey) return 'issuer_not_found';
    if (claims.sub !== opts.userId) return 'user_not_found';
    if (claims.aud !== hostPort) return 'invalid_audience';
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!scopes.includes('signature') || !scopes.includes('impersonation')) return 'invalid_scope';
    const nowSeconds = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return 'expired_assertion';
    if (typeof claims.iat !== 'number' || claims.iat > nowSeconds + 60) return 'invalid_iat';
    return undefined;
  }

  // ---- eSignature REST -----------------------------------------------------------------

  async function rest(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const expiresAt = tokens.get(auth.replace(/^Bearer /, ''));
    if (!auth.startsWith('Bearer ') || expiresAt === undefined || expiresAt <= Date.now()) {
      return json(res, 401, { errorCode: 'AUTHORIZATION_INVALID_TOKEN', message: 'The access token provided is expired, revoked or malformed.' });
    }
    const limit = injected.rateLimits.shift();
    if (limit) return rateLimited(res, limit);
    const failure = injected.failures.shift();
    if (failure)
      return json(res, failure, { errorCode: failure >= 500 ? 'UNSPECIFIED_ERROR' : 'INJECTED_FAILURE', message: `Injected ${failure} from the stand-in.` });

    const m = /^\/restapi\/v2\.1\/accounts\/([^/]+)\/envelopes(?:\/([^/]+))?(?:\/(recipients|documents\/([^/]+)))?$/.exec(url.pathname);
    if (!m) return json(res, 404, { errorCode: 'RESOURCE_NOT_FOUND', message: `No route ${req.method} ${url.pathname}` });
    const [, accountId, envelopeId, sub, documentId] = m;
    if (accountId !== opts.accountId)
      return json(res, 400, { errorCode: 'USER_LACKS_MEMBERSHIP', message: 'The UserID does not have a valid membership in this Account.' });
    withRateHeaders(res, { hourlyRemaining: 2999, burstRemaining: 199 });

    if (!envelopeId) {
      if (req.method === 'POST') return createEnvelope(res, parseJsonObject(body.toString('utf8')));
      if (req.method === 'GET') return listStatusChanges(res, url);
      return json(res, 405, { errorCode: 'INVALID_REQUEST', message: `${req.method} ${url.pathname} is not part of the stand-in.` });
    }
    const env = envelopes.get(envelopeId);
    if (!env)
      return json(res, 400, { errorCode: 'ENVELOPE_DOES_NOT_EXIST', message: 'The envelope specified either does not exist or you have no rights to it.' });
    if (req.method === 'GET' && !sub) {
      const include = (url.searchParams.get('include') ?? '').split(',');
      return json(res, 200, restEnvelope(env, include.includes('recipients')));
    }
    if (req.method === 'GET' && sub === 'recipients') return json(res, 200, restRecipients(env));
    if (req.method === 'GET' && documentId) return document(res, env, documentId);
    if (req.method === 'PUT' && !sub) return updateEnvelope(res, env, url, parseJsonObject(body.toString('utf8')) ?? {});
    return json(res, 405, { errorCode: 'INVALID_REQUEST', message: `${req.method} ${url.pathname} is not part of the stand-in.` });
  }

  /** GET …/envelopes?from_date=…&custom_field=name=value, as DocuSign filters it (from_date is required). */
  function listStatusChanges(res: ServerResponse, url: URL): void {
    const from = Date.parse(url.searchParams.get('from_date') ?? '');
    if (Number.isNaN(from)) return json(res, 400, { errorCode: 'INVALID_REQUEST_PARAMETER', message: 'from_date is required.' });
    const [name, value] = (url.searchParams.get('custom_field') ?? '').split('=');
    const matches = [...envelopes.values()].filter(
      (env) =>
        env.statusChangedAt.getTime() >= from &&
        (!name || (env.definition.customFields?.textCustomFields ?? []).some((f: { name?: string; value?: string }) => f.name === name && f.value === value)),
    );
    json(res, 200, {
      resultSetSize: String(matches.length),
      totalSetSize: String(matches.length),
      envelopes: matches.map((env) => compact({ envelopeId: env.envelopeId, status: env.status, statusChangedDateTime: wireTime(env.statusChangedAt) })),
    });
  }

  /** DocuSign's envelope notification counts whole days: anything else is refused, as DocuSign does. */
  function notificationProblem(n: unknown): string | undefined {
    if (n === undefined) return undefined;
    if (typeof n !== 'object' || n === null) return 'notification must be an object.';
    const { reminders, expirations } = n as { reminders?: Record<string, unknown>; expirations?: Record<string, unknown> };
    const days = [reminders?.reminderDelay, reminders?.reminderFrequency, reminders?.maximumReminderCount, expirations?.expireAfter, expirations?.expireWarn];
    const bad = days.find((d) => d !== undefined && !(typeof d === 'string' && /^\d+$/.test(d)));
    return bad === undefined ? undefined : `notification values are whole numbers of days, got ${JSON.stringify(bad)}.`;
  }

  function createEnvelope(res: ServerResponse, def: Record<string, unknown> | undefined): void {
    const invalid = (message: string) => json(res, 400, { errorCode: 'INVALID_REQUEST_BODY', message });
    if (!def) return invalid('The request body is missing or improperly formatted.');
    if (def.status !== 'sent' && def.status !== 'created') return invalid("status must be 'sent' or 'created'.");
    if (typeof def.emailSubject !== 'string' || !def.emailSubject) return invalid('emailSubject is required.');
    const people = recipientsOf(def);
    if (typeof people === 'string') return invalid(people);
    const badNotification = notificationProblem(def.notification);
    if (badNotification) return json(res, 400, { errorCode: 'INVALID_REQUEST_PARAMETER', message: badNotification });
    const now = new Date();
    const status = def.status;
    const env: StandInEnvelope = {
      envelopeId: randomUUID(),
      definition: def,
      status,
      createdAt: now,
      statusChangedAt: now,
      signers: people.map((p) => ({
        ...p,
        recipientIdGuid: randomUUID(),
        status: status === 'sent' ? 'sent' : 'created',
        ...(status === 'sent' ? { sentAt: now } : {}),
      })),
      resent: 0,
      ...(status === 'sent' ? { sentAt: now } : {}),
    };
    envelopes.set(env.envelopeId, env);
    json(res, 201, { envelopeId: env.envelopeId, uri: `/envelopes/${env.envelopeId}`, statusDateTime: wireTime(now), status });
  }

  /** Signers from documents + recipients, or from templateRoles; a message string when invalid. */
  function recipientsOf(def: Record<string, unknown>): { recipientId: string; name: string; email: string }[] | string {
    const valid = (r: unknown): r is { recipientId?: unknown; name: string; email: string } =>
      typeof r === 'object' && r !== null && typeof (r as { name?: unknown }).name === 'string' && typeof (r as { email?: unknown }).email === 'string';
    if (typeof def.templateId === 'string') {
      const roles = Array.isArray(def.templateRoles) ? def.templateRoles : [];
      if (roles.length === 0 || !roles.every(valid)) return 'templateRoles need a name and email.';
      return roles.map((r, i) => ({ recipientId: String(i + 1), name: r.name, email: r.email }));
    }
    const docs = Array.isArray(def.documents) ? def.documents : [];
    if (docs.length === 0) return 'The envelope has no documents.';
    for (const d of docs) {
      const b64 = (d as { documentBase64?: unknown }).documentBase64;
      if (typeof b64 !== 'string' || !Buffer.from(b64, 'base64').subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'A document is not a PDF.';
    }
    const signers = (def.recipients as { signers?: unknown } | undefined)?.signers;
    if (!Array.isArray(signers) || signers.length === 0 || !signers.every(valid)) return 'The envelope needs at least one signer with a name and email.';
    return signers.map((s) => ({ recipientId: String(s.recipientId ?? ''), name: s.name, email: s.email }));
  }

  function updateEnvelope(res: ServerResponse, env: StandInEnvelope, url: URL, body: Record<string, unknown>): void {
    if (url.searchParams.get('resend_envelope') === 'true') {
      if (TERMINAL.has(env.status))
        return json(res, 400, { errorCode: 'ENVELOPE_INVALID_STATUS', message: `Envelope status ${env.status} does not allow a resend.` });
      env.resent += 1;
      const now = new Date();
      for (const s of env.signers) if (s.status !== 'completed') Object.assign(s, { status: 'sent', sentAt: now });
    }
    if (body.status === 'voided') {
      if (typeof body.voidedReason !== 'string' || !body.voidedReason) {
        return json(res, 400, { errorCode: 'INVALID_REQUEST_PARAMETER', message: "Value for 'voidedReason' must be specified when voiding an envelope." });
      }
      if (TERMINAL.has(env.status))
        return json(res, 400, { errorCode: 'ENVELOPE_CANNOT_VOID_INVALID_STATE', message: 'Only envelopes in the Sent or Delivered states may be voided.' });
      setVoided(env, body.voidedReason);
    }
    json(res, 200, { envelopeId: env.envelopeId });
  }

  function document(res: ServerResponse, env: StandInEnvelope, documentId: string): void {
    const subject = String(env.definition.emailSubject ?? '');
    let pdf: Buffer | undefined;
    if (documentId === 'combined') pdf = minimalPdf([`Combined documents of envelope ${env.envelopeId}`, subject, `Status: ${env.status}`]);
    else if (documentId === 'certificate') pdf = minimalPdf([`Certificate of Completion`, `Envelope ${env.envelopeId}`, `Status: ${env.status}`]);
    else {
      const doc = (env.definition.documents ?? []).find((d: { documentId?: unknown }) => d.documentId === documentId);
      if (doc) pdf = Buffer.from(doc.documentBase64, 'base64');
    }
    if (!pdf) return json(res, 400, { errorCode: 'DOCUMENT_DOES_NOT_EXIST', message: 'The document specified was not found.' });
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length }).end(pdf);
  }

  function rateLimited(res: ServerResponse, limit: RateLimit): void {
    if (limit.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(limit.retryAfterSeconds));
    const resetAt = limit.resetInSeconds === undefined ? undefined : Math.ceil(Date.now() / 1000) + limit.resetInSeconds;
    if (limit.kind === 429) {
      withRateHeaders(res, { hourlyRemaining: 2500, burstRemaining: 0, resetAt });
      return json(res, 429, {
        errorCode: 'BURST_APIINVOCATION_LIMIT_EXCEEDED',
        message: 'The maximum number of API invocations in the burst window has been exceeded.',
      });
    }
    withRateHeaders(res, { hourlyRemaining: 0, burstRemaining: 150, resetAt });
    json(res, 400, { errorCode: limit.kind, message: 'The maximum number of hourly API invocations has been exceeded. Hourly Limit: 3000' });
  }

  // ---- server --------------------------------------------------------------------------

  const server: Server = createServer(
    { key: readFileSync(path.join(TLS_DIR, 'server-key.pem')), cert: readFileSync(path.join(TLS_DIR, 'server-cert.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', `https://${hostPort}`);
        requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams) });
        const body = Buffer.concat(chunks);
        const handled =
          req.method === 'POST' && url.pathname === '/oauth/token'
            ? Promise.resolve(token(new URLSearchParams(body.toString('utf8')), res))
            : url.pathname.startsWith('/restapi/')
              ? rest(req, res, url, body)
              : Promise.resolve(json(res, 404, { error: 'not_found' }));
        handled.catch((err: unknown) => json(res, 500, { errorCode: 'UNSPECIFIED_ERROR', message: String(err) }));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  hostPort = `127.0.0.1:${(server.address() as { port: number }).port}`;

  // ---- envelope wire shapes (REST, JSON SIM summary, legacy XML) -----------------------

  function restSigner(s: StandInSigner): Record<string, string> {
    return compact({
      name: s.name,
      email: s.email,
      recipientId: s.recipientId,
      recipientIdGuid: s.recipientIdGuid,
      requireIdLookup: 'false',
      userId: opts.userId,
      routingOrder: '1',
      status: s.status,
      completedCount: s.status === 'completed' ? '1' : '0',
      signedDateTime: wireTime(s.signedAt),
      deliveredDateTime: wireTime(s.deliveredAt),
      sentDateTime: wireTime(s.sentAt),
      declinedDateTime: wireTime(s.declinedAt),
      declinedReason: s.declinedReason,
      deliveryMethod: 'email',
      recipientType: 'signer',
    });
  }

  function restRecipients(env: StandInEnvelope) {
    return {
      signers: env.signers.map(restSigner),
      agents: [],
      editors: [],
      intermediaries: [],
      carbonCopies: [],
      certifiedDeliveries: [],
      inPersonSigners: [],
      seals: [],
      witnesses: [],
      notaries: [],
      recipientCount: String(env.signers.length),
      currentRoutingOrder: '1',
    };
  }

  /** All scalars are strings, as in REST answers and in JSON SIM envelopeSummary. */
  function restEnvelope(env: StandInEnvelope, withRecipients: boolean) {
    const base = `/envelopes/${env.envelopeId}`;
    return {
      ...compact({
        status: env.status,
        documentsUri: `${base}/documents`,
        recipientsUri: `${base}/recipients`,
        envelopeUri: base,
        emailSubject: String(env.definition.emailSubject ?? ''),
        envelopeId: env.envelopeId,
        createdDateTime: wireTime(env.createdAt),
        sentDateTime: wireTime(env.sentAt),
        initialSentDateTime: wireTime(env.sentAt),
        completedDateTime: wireTime(env.completedAt),
        declinedDateTime: wireTime(env.declinedAt),
        voidedDateTime: wireTime(env.voidedAt),
        voidedReason: env.voidedReason,
        statusChangedDateTime: wireTime(env.statusChangedAt),
        documentsCombinedUri: `${base}/documents/combined`,
        certificateUri: `${base}/documents/certificate`,
        purgeState: 'unpurged',
        envelopeIdStamping: 'true',
        is21CFRPart11: 'false',
      }),
      sender: { userName: 'MCA Consent', userId: opts.userId, accountId: opts.accountId, email: 'mca@example.com' },
      ...(withRecipients ? { recipients: restRecipients(env) } : {}),
    };
  }

  function mustGet(envelopeId: string): StandInEnvelope {
    const env = envelopes.get(envelopeId);
    if (!env) throw new Error(`stand-in: no envelope ${envelopeId}`);
    return env;
  }

  function setVoided(env: StandInEnvelope, reason: string, at = new Date()): void {
    Object.assign(env, { status: 'voided', voidedAt: at, voidedReason: reason, statusChangedAt: at });
  }

  return {
    basePath: `https://${hostPort}/restapi`,
    oAuthBasePath: hostPort,
    envelopes,
    /** Every request, oldest first (path and query only). */
    requests,
    get tokenRequests() {
      return tokenRequests;
    },
    /** false: the token endpoint answers {error:'consent_required'} as for a user who never granted consent. */
    setConsentGranted(granted: boolean) {
      consentGranted = granted;
    },
    /** expires_in of tokens issued from now on. */
    setTokenLifetime(seconds: number) {
      tokenLifetimeSeconds = seconds;
    },
    /** Every issued token stops working (as if revoked): the next REST call answers 401. */
    revokeTokens() {
      tokens.clear();
    },
    complete(envelopeId: string, { signedAt = new Date() }: { signedAt?: Date } = {}) {
      const env = mustGet(envelopeId);
      for (const s of env.signers) Object.assign(s, { status: 'completed', signedAt, deliveredAt: s.deliveredAt ?? signedAt });
      Object.assign(env, { status: 'completed', completedAt: signedAt, statusChangedAt: signedAt });
    },
    decline(envelopeId: string, reason: string, at = new Date()) {
      const env = mustGet(envelopeId);
      const signer = env.signers[0];
      if (signer) Object.assign(signer, { status: 'declined', declinedAt: at, declinedReason: reason, deliveredAt: signer.deliveredAt ?? at });
      Object.assign(env, { status: 'declined', declinedAt: at, statusChangedAt: at });
    },
    /** The signer's mail bounced or auto-replied: recipient status autoresponded, the envelope stays sent. */
    bounce(envelopeId: string) {
      for (const s of mustGet(envelopeId).signers) s.status = 'autoresponded';
    },
    void(envelopeId: string, reason: string) {
      setVoided(mustGet(envelopeId), reason);
    },
    /**
     * The next n REST calls are rate limited: 429 (burst window spent: our client waits 30 s) or
     * 400 HOURLY_APIINVOCATION_LIMIT_EXCEEDED (reset at the top of the hour unless resetInSeconds).
     */
    rateLimitNext(n: number, kind: RateLimitKind, extra: Omit<RateLimit, 'kind'> = {}) {
      for (let i = 0; i < n; i++) injected.rateLimits.push({ kind, ...extra });
    },
    /** The next n REST calls answer `status` with a DocuSign error body. */
    failNext(n: number, status: number) {
      for (let i = 0; i < n; i++) injected.failures.push(status);
    },
    /**
     * A JSON SIM Connect body as DocuSign sends it (shape of the real captures). With
     * `summary`, data.envelopeSummary mirrors GET envelope?include=recipients; the envelope must
     * then exist here. Without it any envelope id will do.
     */
    connectMessage(envelopeId: string, event: string, o: { summary: boolean; recipientId?: string; generatedAt?: Date }): Buffer {
      const summary = o.summary ? restEnvelope(mustGet(envelopeId), true) : undefined;
      return Buffer.from(
        JSON.stringify({
          event,
          apiVersion: 'v2.1',
          uri: `/restapi/v2.1/accounts/${opts.accountId}/envelopes/${envelopeId}`,
          retryCount: 0,
          configurationId: CONFIGURATION_ID,
          generatedDateTime: connectTime(o.generatedAt ?? new Date()),
          data: {
            accountId: opts.accountId,
            userId: opts.userId,
            envelopeId,
            ...(o.recipientId ? { recipientId: o.recipientId } : {}),
            ...(summary ? { envelopeSummary: summary } : {}),
          },
        }),
      );
    },
    /** A legacy XML (DocuSignEnvelopeInformation) body for the envelope as it is now, times in the account's zone. */
    legacyXml(envelopeId: string, o: { timeZone?: string; timeZoneOffsetHours?: number } = {}): Buffer {
      return Buffer.from(legacyXml(mustGet(envelopeId), o.timeZone ?? 'Pacific Standard Time', o.timeZoneOffsetHours ?? -7));
    },
    /** The X-DocuSign-Signature-N value for `body` under `key`. */
    sign(body: Buffer, key: string): string {
      return createHmac('sha256', key).update(body).digest('base64');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type DocuSignStandIn = Awaited<ReturnType<typeof startDocuSignStandIn>>;

/** Fails fast with the fix, instead of a TLS "self-signed certificate in chain" from deep inside axios. */
function assertTestCaTrusted(): void {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const ours = readFileSync(path.join(TLS_DIR, 'ca.pem'), 'utf8').trim();
  let trusted: boolean;
  try {
    trusted = !!extra && readFileSync(extra, 'utf8').includes(ours);
  } catch {
    trusted = false;
  }
  if (!trusted) throw new Error('The DocuSign stand-in needs the test CA: start the test process with NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** DocuSign's rate-limit headers, on every REST answer. */
function withRateHeaders(res: ServerResponse, r: { hourlyRemaining: number; burstRemaining: number; resetAt?: number | undefined }): void {
  const nextHour = Math.ceil(Date.now() / 3_600_000) * 3600;
  res.setHeader('X-RateLimit-Limit', '3000');
  res.setHeader('X-RateLimit-Remaining', String(r.hourlyRemaining));
  res.setHeader('X-RateLimit-Reset', String(r.resetAt ?? nextHour));
  res.setHeader('X-BurstLimit-Limit', '200');
  res.setHeader('X-BurstLimit-Remaining', String(r.burstRemaining));
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function compact(obj: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).filter((e): e is [string, string] => e[1] !== undefined));
}

/** REST times: UTC, "2022-09-22T15:22:52.92Z"-like. */
function wireTime(d: Date | undefined): string | undefined {
  return d?.toISOString();
}

/** Connect's generatedDateTime has 7 fractional digits: "2022-09-22T15:22:53.4580747Z". */
function connectTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** Legacy XML times: the account's local time, no zone ("2020-03-28T23:56:54.043"). */
function xmlTime(d: Date | undefined, offsetHours: number): string | undefined {
  return d ? new Date(d.getTime() + offsetHours * 3_600_000).toISOString().replace(/Z$/, '') : undefined;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function legacyXml(env: StandInEnvelope, timeZone: string, offsetHours: number): string {
  const t = (d: Date | undefined) => xmlTime(d, offsetHours);
  const el = (name: string, value: string | undefined, indent: string) => (value === undefined ? '' : `${indent}<${name}>${xmlEscape(value)}</${name}>\n`);
  const cap = (s: string) => (s === 'autoresponded' ? 'AutoResponded' : s.charAt(0).toUpperCase() + s.slice(1));
  const requestId = (env.definition.customFields?.textCustomFields ?? []).find((f: { name?: unknown }) => f.name === 'mcaRequestId')?.value;
  const recipients = env.signers
    .map((s) => {
      const i = '            ';
      return (
        `         <RecipientStatus>\n` +
        el('Type', 'Signer', i) +
        el('Email', s.email, i) +
        el('UserName', s.name, i) +
        el('RoutingOrder', '1', i) +
        el('Sent', t(s.sentAt), i) +
        el('Delivered', t(s.deliveredAt), i) +
        el('Signed', t(s.signedAt), i) +
        el('Declined', t(s.declinedAt), i) +
        (s.declinedReason ? el('DeclineReason', s.declinedReason, i) : `${i}<DeclineReason xsi:nil="true" />\n`) +
        el('Status', cap(s.status), i) +
        `${i}<RecipientIPAddress />\n${i}<CustomFields />\n` +
        el('AccountStatus', 'Active', i) +
        el('RecipientId', s.recipientIdGuid, i) +
        `         </RecipientStatus>\n`
      );
    })
    .join('');
  const i = '      ';
  const customField = (name: string, value: string) =>
    `         <CustomField>\n            <Name>${xmlEscape(name)}</Name>\n            <Show>false</Show>\n            <Required>false</Required>\n            <Value>${xmlEscape(value)}</Value>\n            <CustomFieldType>Text</CustomFieldType>\n         </CustomField>\n`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<DocuSignEnvelopeInformation xmlns="http://www.docusign.net/API/3.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
    `   <EnvelopeStatus>\n      <RecipientStatuses>\n${recipients}      </RecipientStatuses>\n` +
    el('TimeGenerated', t(new Date()), i) +
    el('EnvelopeID', env.envelopeId, i) +
    el('Subject', String(env.definition.emailSubject ?? ''), i) +
    el('UserName', 'MCA Consent', i) +
    el('Email', 'mca@example.com', i) +
    el('Status', cap(env.status), i) +
    el('Created', t(env.createdAt), i) +
    el('Sent', t(env.sentAt), i) +
    el('Completed', t(env.completedAt), i) +
    el('Declined', t(env.declinedAt), i) +
    el('Voided', t(env.voidedAt), i) +
    el('VoidReason', env.voidedReason, i) +
    `${i}<CustomFields>\n${requestId ? customField('mcaRequestId', String(requestId)) : ''}${customField('AccountSite', 'demo')}${i}</CustomFields>\n` +
    `   </EnvelopeStatus>\n` +
    `   <TimeZone>${xmlEscape(timeZone)}</TimeZone>\n   <TimeZoneOffset>${offsetHours}</TimeZoneOffset>\n` +
    `</DocuSignEnvelopeInformation>\n`
  );
}

/**
 * A small but real one-page PDF (Helvetica text, correct xref), so downloads can be checked for
 * what a PDF reader needs without a PDF library here.
 */
export function minimalPdf(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const text = lines.map((l, n) => `BT /F1 12 Tf 72 ${720 - n * 18} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, n) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${n + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
