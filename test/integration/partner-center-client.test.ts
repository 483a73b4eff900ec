import { createHash } from 'node:crypto';
import { createPartnerCenterClient, PartnerCenterError, type PartnerCenterClient, type PartnerCenterSettings, type Signatory } from '@mca/integrations';
import { agreementDocumentBytes, startPartnerCenterStandIn, type PartnerCenterStandIn } from '../harness/partner-center-stand-in';

const TENANT = '6f1d2c3b-4a59-4e68-9d7c-0b1a2c3d4e5f';
const kari: Signatory = { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example', phone: '+47 22 33 44 55' };

/**
 * createPartnerCenterClient over real HTTP against the stand-in. Retries sleep through the
 * injected sleep (recorded, never waited) with random fixed at 0, so backoff delays are exact.
 */
describe('Partner Center client against the stand-in', () => {
  let pc: PartnerCenterStandIn;
  let sleeps: number[];

  beforeAll(async () => {
    pc = await startPartnerCenterStandIn();
  });
  afterAll(async () => {
    await pc.close();
  });
  beforeEach(() => {
    pc.reset();
    sleeps = [];
  });

  function client(over: Partial<PartnerCenterSettings> = {}): PartnerCenterClient {
    const settings: PartnerCenterSettings = { baseUrl: pc.baseUrl, auth: { kind: 'token', token: pc.token }, timeoutMs: 2000, maxAttempts: 3, ...over };
    return createPartnerCenterClient(settings, {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0,
    });
  }

  const requestsTo = (pattern: RegExp) => pc.requests.filter((r) => pattern.test(r.path));

  /** The rejection, checked to be a PartnerCenterError that leaks no credential. */
  async function failure(promise: Promise<unknown>): Promise<PartnerCenterError> {
    const err = await promise.then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PartnerCenterError);
    const text = `${(err as Error).message} ${JSON.stringify(err)}`;
    expect(text).not.toContain(pc.token);
    expect(text).not.toContain(pc.clientSecret);
    expect(text).not.toMatch(/sig=|se=\d/);
    return err as PartnerCenterError;
  }

  describe('templates and acceptance', () => {
    it('reads the MCA template, always asking for agreementType=MicrosoftCustomerAgreement', async () => {
      const template = await client().getMcaTemplate();
      expect(template).toEqual({ templateId: pc.templateId, agreementLink: 'https://aka.ms/customeragreement', versionRank: 0 });
      const [req] = requestsTo(/^\/v1\/agreements$/);
      expect(req?.query).toEqual({ agreementType: 'MicrosoftCustomerAgreement' });
      expect(req?.authorization).toBe(`Bearer ${pc.token}`);

      // Without the query Partner Center answers for the Cloud Agreement: the stand-in does too.
      const res = await fetch(`${pc.baseUrl}/v1/agreements`, { headers: { authorization: `Bearer ${pc.token}` } });
      expect(res.headers.get('ms-correlationid')).toBeTruthy();
      expect(await res.json()).toMatchObject({ items: [{ agreementType: 'MicrosoftCloudAgreement' }] });
    });

    it("lists the customer's resellers (GET /v1/customers/{id}/relationships); none, or Microsoft's null body, is an empty list", async () => {
      const reseller = '0a0a0a0a-1111-4222-8333-444444444444';
      pc.setRelationships(TENANT, [{ id: reseller, mpnId: '4711042' }]);
      expect(await client().getCustomerRelationships(TENANT)).toEqual([
        { id: reseller, mpnId: '4711042', relationshipType: 'IsIndirectResellerOf', state: 'active' },
      ]);
      expect(requestsTo(/\/relationships$/)[0]?.authorization).toBe(`Bearer ${pc.token}`);
      pc.setRelationships(TENANT, null);
      expect(await client().getCustomerRelationships(TENANT)).toEqual([]);
      expect(await client().getCustomerRelationships('0f0f0f0f-1111-4222-8333-444444444444')).toEqual([]);
      expect((await failure(client().getCustomerRelationships('not-a-tenant'))).kind).toBe('not-found');
    });

    it('reports a customer who accepted in the admin center as accepted via direct, keeping the raw answers', async () => {
      pc.setDirectSigned(TENANT, true);
      const acceptance = await client().checkMcaAcceptance(TENANT);
      expect(acceptance).toMatchObject({ accepted: true, via: 'direct', directSigned: true, agreements: [] });
      expect(acceptance.evidence.directSignedStatus).toEqual({ isSigned: true });
      expect(acceptance.evidence.agreements).toEqual({ totalCount: 0, items: [], attributes: { objectType: 'Collection' } });
      expect(new Date(acceptance.evidence.checkedAt).toISOString()).toBe(acceptance.evidence.checkedAt);
      expect(requestsTo(/\/agreements$/)[0]?.query).toEqual({ agreementType: 'MicrosoftCustomerAgreement' });
    });

    it('reports a confirmation made by another partner as accepted via partner-attestation', async () => {
      pc.addAgreement(TENANT, { firstName: 'Ola', lastName: 'Partnersen', email: 'ola@other-partner.example', dateAgreed: '2025-03-14T09:30:00.000Z' });
      const acceptance = await client().checkMcaAcceptance(TENANT);
      expect(acceptance).toMatchObject({ accepted: true, via: 'partner-attestation', directSigned: false });
      expect(acceptance.agreements).toEqual([
        {
          templateId: pc.templateId,
          type: 'MicrosoftCustomerAgreement',
          dateAgreed: new Date('2025-03-14T09:30:00.000Z'),
          primaryContact: { firstName: 'Ola', lastName: 'Partnersen', email: 'ola@other-partner.example' },
          agreementLink: 'https://aka.ms/customeragreement',
        },
      ]);
      expect(acceptance.evidence.agreements).toMatchObject({ totalCount: 1, items: [{ primaryContact: { firstName: 'Ola' } }] });
    });

    it('reports a customer with neither as not accepted', async () => {
      const acceptance = await client().checkMcaAcceptance(TENANT);
      expect(acceptance.accepted).toBe(false);
      expect(acceptance.via).toBeUndefined();
      expect(acceptance.evidence.directSignedStatus).toEqual({ isSigned: false });
    });
  });

  describe('enhanced attestation', () => {
    const attestationInput = { customerTenantId: TENANT, country: 'NO', language: 'nb-NO', companyName: 'Fjordkraft AS', signatory: kari };

    it('creates an attestation, polls until the customer accepts, creates the agreement once', async () => {
      pc.setAttestationBehaviour({ acceptAfterPolls: 3 });
      const pcClient = client();
      const created = await pcClient.createEnhancedAttestation(attestationInput);
      expect(created.status).toBe('link-generated');
      expect(created.acceptanceUrl).toBe(`${pc.baseUrl}/accept/${created.attestationId}`);
      expect(created.expiresAt).toBeInstanceOf(Date);
      expect(pc.attestations()[0]?.body).toEqual({
        customerTenantId: TENANT,
        country: 'NO',
        language: 'nb-NO',
        companyName: 'Fjordkraft AS',
        signatoryFirstName: 'Kari',
        signatoryLastName: 'Nordmann',
        signatoryEmail: 'kari@fjordkraft.example',
        signatoryPhoneNumber: '+47 22 33 44 55',
      });

      const seen: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { status } = await pcClient.getEnhancedAttestation(created.attestationId);
        seen.push(status);
        if (status === 'customer-accepted') break;
      }
      expect(seen).toEqual(['link-generated', 'link-generated', 'customer-accepted']);
      expect(pc.attestations()[0]?.polls).toBe(3);

      const agreement = {
        customerTenantId: TENANT,
        templateId: pc.templateId,
        attestationId: created.attestationId,
        signatory: kari,
        dateAgreed: new Date('2026-01-20T10:00:00.000Z'),
      };
      const first = await pcClient.createAgreement(agreement);
      expect(first.created).toBe(true);
      expect(first.raw).toMatchObject({ type: 'MicrosoftCustomerAgreement', attestationId: created.attestationId });
      expect(requestsTo(/\/customers\/.*\/agreements$/).find((r) => r.method === 'POST')?.body).toEqual({
        templateId: pc.templateId,
        type: 'MicrosoftCustomerAgreement',
        attestationId: created.attestationId,
        primaryContact: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example', phoneNumber: '+47 22 33 44 55' },
        dateAgreed: '2026-01-20T10:00:00.000Z',
      });
      expect(pc.agreementsOf(TENANT)).toEqual([expect.objectContaining({ email: 'kari@fjordkraft.example', attestationId: created.attestationId })]);
      expect((await pcClient.getEnhancedAttestation(created.attestationId)).status).toBe('agreement-created');

      // 600061: already there, which is success.
      const second = await pcClient.createAgreement(agreement);
      expect(second).toEqual({ created: false, raw: expect.objectContaining({ code: 600061 }) });
      expect(pc.agreementsOf(TENANT)).toHaveLength(1);
      expect(await pcClient.checkMcaAcceptance(TENANT)).toMatchObject({ accepted: true, via: 'partner-attestation' });
    });

    it('reports an expired link, and Partner Center refuses an agreement for it', async () => {
      pc.setAttestationBehaviour({ expireAfterPolls: 2 });
      const pcClient = client();
      const { attestationId } = await pcClient.createEnhancedAttestation(attestationInput);
      expect((await pcClient.getEnhancedAttestation(attestationId)).status).toBe('link-generated');
      expect((await pcClient.getEnhancedAttestation(attestationId)).status).toBe('link-expired');

      const err = await failure(
        pcClient.createAgreement({ customerTenantId: TENANT, templateId: pc.templateId, attestationId, signatory: kari, dateAgreed: new Date() }),
      );
      expect(err).toMatchObject({ kind: 'invalid-request', status: 400, permanent: true });
      expect(pc.agreementsOf(TENANT)).toEqual([]);
    });

    it('sees an acceptance made on the page at once', async () => {
      pc.setAttestationBehaviour({ never: true });
      const pcClient = client();
      const { attestationId } = await pcClient.createEnhancedAttestation(attestationInput);
      expect((await pcClient.getEnhancedAttestation(attestationId)).status).toBe('link-generated');
      pc.acceptAttestation(attestationId);
      expect((await pcClient.getEnhancedAttestation(attestationId)).status).toBe('customer-accepted');
    });
  });

  describe('retries and errors', () => {
    it('waits out a 429 with Retry-After, then succeeds', async () => {
      pc.failNext(1, 429, { pathPattern: /^\/v1\/agreements$/, retryAfterSeconds: 2 });
      await expect(client().getMcaTemplate()).resolves.toMatchObject({ templateId: pc.templateId });
      expect(requestsTo(/^\/v1\/agreements$/)).toHaveLength(2);
      expect(sleeps).toEqual([2000]);
    });

    it('does not hold a worker for a Retry-After over a minute: rate-limited with retryAfterMs', async () => {
      pc.failNext(1, 429, { retryAfterSeconds: 120 });
      const err = await failure(client().getMcaTemplate());
      expect(err).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 120_000 });
      expect(pc.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('retries 503 twice with backoff, then succeeds', async () => {
      pc.failNext(2, 503);
      await expect(client().getDirectSignedStatus(TENANT)).resolves.toEqual({ isSigned: false, raw: { isSigned: false } });
      expect(pc.requests).toHaveLength(3);
      expect(sleeps).toEqual([250, 500]);
      expect(new Set(pc.requests.map((r) => r.authorization))).toEqual(new Set([`Bearer ${pc.token}`]));
    });

    it('ends a hung call at the timeout and retries it: one stall is survived, stalls throughout give up as unavailable', async () => {
      pc.stallNext(1, { pathPattern: /^\/v1\/agreements$/ });
      await expect(client({ timeoutMs: 300 }).getMcaTemplate()).resolves.toMatchObject({ templateId: pc.templateId });
      expect(requestsTo(/^\/v1\/agreements$/)).toHaveLength(2);

      pc.stallNext(100);
      const started = Date.now();
      const err = await failure(client({ timeoutMs: 300, maxAttempts: 2 }).getDirectSignedStatus(TENANT));
      expect(err).toMatchObject({ kind: 'unavailable', permanent: false });
      expect(err.message).toMatch(/timed out after 300 ms.*gave up after 2 attempts/);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('gives up on a persistent 500 after maxAttempts as unavailable', async () => {
      pc.failNext(100, 500);
      const err = await failure(client({ maxAttempts: 3 }).getCustomerAgreements(TENANT));
      expect(err).toMatchObject({ kind: 'unavailable', status: 500, permanent: false });
      expect(err.message).toContain('gave up after 3 attempts');
      expect(err.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(pc.requests).toHaveLength(3);
    });

    it('does not retry a 401: auth', async () => {
      const err = await failure(client({ auth: { kind: 'token', token: 'revoked-token' } }).getMcaTemplate());
      expect(err).toMatchObject({ kind: 'auth', status: 401, permanent: true });
      expect(pc.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe('client credentials', () => {
    const credentials = (clientSecret: string): Partial<PartnerCenterSettings> => ({
      auth: { kind: 'client-credentials', tokenUrl: pc.tokenUrl, clientId: pc.clientId, clientSecret },
    });

    it('fetches one token and reuses it across calls, concurrent ones included', async () => {
      const pcClient = client(credentials(pc.clientSecret));
      await pcClient.checkMcaAcceptance(TENANT); // two requests in parallel
      await pcClient.getMcaTemplate();
      await pcClient.getCustomerAgreements(TENANT);

      const tokenRequests = requestsTo(/oauth2\/v2\.0\/token$/);
      expect(tokenRequests).toHaveLength(1);
      expect(tokenRequests[0]?.body).toEqual({
        grant_type: 'client_credentials',
        client_id: pc.clientId,
        client_secret: pc.clientSecret,
        scope: 'https://api.partnercenter.microsoft.com/.default',
      });
      const apiRequests = requestsTo(/^\/v1\//);
      expect(apiRequests).toHaveLength(4);
      for (const r of apiRequests) expect(r.authorization).toBe(`Bearer ${pc.token}`);
    });

    it('retries a token endpoint 503', async () => {
      pc.failNext(1, 503, { pathPattern: /token$/ });
      await expect(client(credentials(pc.clientSecret)).getMcaTemplate()).resolves.toMatchObject({ templateId: pc.templateId });
      expect(requestsTo(/token$/)).toHaveLength(2);
    });

    it('fails a wrong secret as auth at once, without the secret in the error', async () => {
      const wrong = 'wrong~Secret-value-0123456789';
      const err = await failure(client(credentials(wrong)).checkMcaAcceptance(TENANT));
      expect(err).toMatchObject({ kind: 'auth', status: 401, code: 'invalid_client' });
      expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(wrong);
      expect(requestsTo(/token$/)).toHaveLength(1); // shared by both parallel reads, not retried
      expect(requestsTo(/^\/v1\//)).toHaveLength(0);
    });
  });

  describe('agreement document', () => {
    it('downloads and hashes the file, keeping the link without its signature', async () => {
      const file = await client().downloadAgreementDocument(pc.templateId, 'DE', 'de-DE');
      const expected = agreementDocumentBytes(pc.templateId, 'DE', 'de-DE');
      expect(file.content.equals(expected)).toBe(true);
      expect(file.content.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(file.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
      expect(file).toMatchObject({
        templateId: pc.templateId,
        country: 'DE',
        language: 'de-DE',
        fileName: 'Microsoft_Customer_Agreement_DE_de-DE.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        downloadedFrom: `${pc.baseUrl}/agreement-documents/${pc.templateId}/DE/de-DE/document`,
      });
      expect(file.downloadedFrom).not.toContain('?');

      expect(requestsTo(/\/document$/).map((r) => r.query)).toEqual([
        { language: 'de-DE', country: 'DE' },
        expect.objectContaining({ sig: expect.any(String) }),
      ]);
      const download = requestsTo(/^\/agreement-documents\//)[0];
      expect(download?.authorization).toBeUndefined(); // the bearer token never goes to a download link
    });

    it('asks for a fresh link once when the first one has expired', async () => {
      pc.expireNextDownloadLinks(1);
      const file = await client().downloadAgreementDocument(pc.templateId, 'DE', 'de-DE');
      expect(file.sha256).toBe(
        createHash('sha256')
          .update(agreementDocumentBytes(pc.templateId, 'DE', 'de-DE'))
          .digest('hex'),
      );
      expect(requestsTo(/^\/v1\/agreementtemplates\//)).toHaveLength(2);
      expect(requestsTo(/^\/agreement-documents\//)).toHaveLength(2);
    });

    it('gives up, without the signature in the message, when fresh links expire too', async () => {
      pc.setDownloadLinkTtlMs(0);
      const err = await failure(client().downloadAgreementDocument(pc.templateId, 'DE', 'de-DE'));
      expect(err).toMatchObject({ kind: 'unavailable', status: 403 });
      expect(err.message).toContain('with a fresh link too');
      expect(err.message).toContain(`${pc.baseUrl}/agreement-documents/`);
      expect(requestsTo(/^\/v1\/agreementtemplates\//)).toHaveLength(2);
      expect(requestsTo(/^\/agreement-documents\//)).toHaveLength(2);
      expect(sleeps).toEqual([]);
    });

    it('reports the language Microsoft fell back to', async () => {
      pc.setDocumentLanguages('NO', ['en-US']);
      const file = await client().downloadAgreementDocument(pc.templateId, 'NO', 'nb-NO');
      expect(file).toMatchObject({ country: 'NO', language: 'en-US', fileName: 'Microsoft_Customer_Agreement_NO_en-US.docx' });
      expect(file.content.equals(agreementDocumentBytes(pc.templateId, 'NO', 'en-US'))).toBe(true);
    });

    it('retries a 503 on the download itself', async () => {
      pc.failNext(1, 503, { pathPattern: /^\/agreement-documents\// });
      const file = await client().downloadAgreementDocument(pc.templateId, 'DE', 'de-DE');
      expect(file.content.equals(agreementDocumentBytes(pc.templateId, 'DE', 'de-DE'))).toBe(true);
      expect(requestsTo(/^\/v1\/agreementtemplates\//)).toHaveLength(1);
      expect(requestsTo(/^\/agreement-documents\//)).toHaveLength(2);
    });
  });
});
