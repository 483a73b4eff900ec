import { call, createCustomer, createPartner, download, TENANT } from '../harness/api-client';
import { startPartnerCenterStandIn, type PartnerCenterStandIn } from '../harness/partner-center-stand-in';
import { buildReply, postEmail } from '../harness/reply-builder';
import { ADMIN_TOKEN, INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/** The representative each partner types in: never who Microsoft says accepted. */
const REP = { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example' };
/** Who Partner Center names on the partner confirmation it holds for the tenant. */
const SIGNATORY = { firstName: 'Per', lastName: 'Hansen', email: 'per@fjordkraft.example', phoneNumber: '+47 22 33 44 55', dateAgreed: '2025-11-03T00:00:00Z' };
const A_TENANT = '0a0a0a0a-1111-4222-8333-444444444444';
const B_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';
const C_MPN = '4711042';
/** The tenant the deployment's own Partner Center credentials belong to (PARTNER_CENTER_TENANT_ID). */
const OWN_TENANT = '0d0d0d0d-1111-4222-8333-444444444444';

/**
 * Partner Center's answers about a tenant go only to a partner Partner Center lists as that
 * customer's reseller: customers are unique per partner, and tenant ids are public, so any
 * partner can register any tenant. Against the real stand-in over HTTP.
 */
describe("Partner Center's answers reach only the customer's reseller", () => {
  let pc: PartnerCenterStandIn;
  const services: TestService[] = [];

  async function start(env: Record<string, string> = {}) {
    const svc = await startTestService({
      env: {
        PARTNER_CENTER_BASE_URL: pc.baseUrl,
        PARTNER_CENTER_TOKEN: pc.token,
        PARTNER_CENTER_TENANT_ID: OWN_TENANT,
        PARTNER_CENTER_POLL_SECONDS: '1',
        ...env,
      },
    });
    services.push(svc);
    const partner = async (name: string, partnerCenter?: { tenantId?: string; mpnId?: string }) => {
      const p = await createPartner(svc.baseUrl, { name, ...(partnerCenter ? { partnerCenter } : {}) });
      const api = (method: string, path: string, json?: unknown) => call(svc.baseUrl, method, path, { token: p.apiKey, ...(json ? { json } : {}) });
      return { ...p, api };
    };
    return { svc, partner };
  }

  /** Every Partner Center read about the tenant's MCA (agreements, direct status): the data that must not leak. */
  const mcaReads = (tenantId: string) =>
    pc.requests.filter(
      (r) =>
        r.method === 'GET' &&
        (r.path === `/v1/customers/${tenantId}/agreements` || r.path.endsWith(`${tenantId}/directSignedMicrosoftCustomerAgreementStatus`)),
    );

  beforeAll(async () => {
    pc = await startPartnerCenterStandIn();
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
    pc.reset();
  });
  afterAll(async () => pc?.close());

  test('the admin declares a partner Partner Center identity: tenantId a GUID, mpnId digits; the OpenAPI document shows it', async () => {
    const { svc } = await start();
    const post = (json: unknown) => call(svc.baseUrl, 'POST', '/v1/partners', { token: ADMIN_TOKEN, json });
    for (const bad of [{ tenantId: 'not-a-guid' }, { mpnId: 'MPN-12' }, {}, { tenantId: A_TENANT, extra: 1 }]) {
      const res = await post({ name: 'X', partnerCenter: bad });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const created = await post({ name: 'Nordlys IT AS', partnerCenter: { tenantId: A_TENANT.toUpperCase(), mpnId: C_MPN } });
    expect(created.status).toBe(201);
    const stored = await svc.ctx.models.partners.findById(created.body.id).lean();
    expect(stored?.partnerCenter).toEqual({ tenantId: A_TENANT, mpnId: C_MPN });
    const doc = (await call(svc.baseUrl, 'GET', '/openapi.json')).body;
    // Shared schemas are components: follow the references.
    const deref = (s: { $ref?: string }) => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
    const schema = deref(doc.paths['/v1/partners'].post.requestBody.content['application/json'].schema);
    expect(Object.keys(deref(schema.properties.partnerCenter).properties).sort()).toEqual(['mpnId', 'tenantId']);
  });

  test("partner B registering A's customer's tenant gets no Partner Center data, no evidence, no unlock", async () => {
    const { svc, partner } = await start();
    const a = await partner('Partner A', { tenantId: A_TENANT });
    const b = await partner('Partner B', { tenantId: B_TENANT });
    const tenantId = TENANT();
    pc.setRelationships(tenantId, [{ id: A_TENANT, mpnId: '1000001' }]);
    pc.addAgreement(tenantId, SIGNATORY);
    pc.setDirectSigned(tenantId, true);
    const customer = await createCustomer(svc.baseUrl, b.apiKey, { tenantId });

    // The microsoft channel would create an attestation and read the tenant for B: refused, with why.
    const microsoft = await b.api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    expect(microsoft.status).toBe(422);
    expect(microsoft.body).toMatchObject({
      code: 'PARTNER_CENTER_RELATIONSHIP_UNCONFIRMED',
      detail: expect.stringMatching(/does not list this partner as the customer's reseller/),
    });

    // Written consent is B's own business: it goes ahead, and its history says the Microsoft-side check was not made.
    const created = await b.api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(created.status).toBe(202);
    expect(created.body.history.map((h: { detail?: string }) => h.detail).join('\n')).toMatch(
      /Partner Center does not list this partner as the customer's reseller; the Microsoft-side check was not made/,
    );

    // The ordering system asks for a re-check: B's own state answers, Partner Center's does not.
    const recheck = await b.api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'CSP', recheck: true });
    expect(recheck.body).toMatchObject({
      allowed: false,
      code: 'MCA_NOT_ACCEPTED',
      detail: expect.stringMatching(/does not list this partner as the customer's reseller/),
    });

    expect(mcaReads(tenantId)).toHaveLength(0);
    expect(pc.attestations()).toHaveLength(0);
    expect(await svc.ctx.models.consentRecords.countDocuments({})).toBe(0);
    expect((await b.api('GET', `/v1/customers/${customer.id}/consent-records`)).body.items).toEqual([]);
    const shown = (await b.api('GET', `/v1/customers/${customer.id}`)).body;
    expect(shown).toMatchObject({ mca: { status: 'pending' }, ordering: { status: 'locked' } });
    expect(shown.mca.microsoft).toBeUndefined();
    expect(JSON.stringify(shown)).not.toContain(SIGNATORY.email);
    expect(a.apiKey).not.toBe(b.apiKey);
  });

  test('a partner without a Partner Center identity, or when the relationships call fails: the check is not made, and the request says why', async () => {
    const { svc, partner } = await start();
    const anonymous = await partner('No identity');
    const listed = await partner('Listed', { tenantId: A_TENANT });
    const tenantId = TENANT();
    pc.setRelationships(tenantId, [{ id: A_TENANT }]);
    pc.setDirectSigned(tenantId, true);

    const c1 = await createCustomer(svc.baseUrl, anonymous.apiKey, { tenantId });
    const r1 = await anonymous.api('POST', `/v1/customers/${c1.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(r1.status).toBe(202);
    expect(r1.body.history[0].detail).toMatch(/no Partner Center identity/);

    pc.failNext(20, 503, { pathPattern: /relationships$/ });
    const c2 = await createCustomer(svc.baseUrl, listed.apiKey, { tenantId });
    const r2 = await listed.api('POST', `/v1/customers/${c2.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(r2.status).toBe(202);
    expect(r2.body.history[0].detail).toMatch(/could not read which partners Partner Center lists as the customer's resellers/);
    expect(mcaReads(tenantId)).toHaveLength(0);
    expect(await svc.ctx.models.consentRecords.countDocuments({})).toBe(0);
  });

  test("partner A, listed by tenant id: the pre-check records Microsoft's signatory, never the typed-in representative, and the evidence holds no more personal data than A had", async () => {
    const { svc, partner } = await start();
    const a = await partner('Partner A', { tenantId: A_TENANT.toUpperCase() });
    const tenantId = TENANT();
    pc.setRelationships(tenantId, [{ id: A_TENANT.toUpperCase(), mpnId: '1000001' }]);
    pc.addAgreement(tenantId, SIGNATORY);
    const customer = await createCustomer(svc.baseUrl, a.apiKey, { tenantId });

    const res = await a.api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MCA_ALREADY_ACCEPTED');
    await waitFor(async () => ((await a.api('GET', `/v1/customers/${customer.id}`)).body.ordering.status === 'unlocked' ? true : undefined), 'unlocked');

    const shown = (await a.api('GET', `/v1/customers/${customer.id}`)).body;
    expect(shown.mca).toMatchObject({ status: 'accepted', method: 'microsoft' });
    // Microsoft's signatory by name; the email and phone A never had are not handed to it.
    expect(shown.mca.representative).toEqual({ firstName: 'Per', lastName: 'Hansen' });
    const [record] = (await a.api('GET', `/v1/customers/${customer.id}/consent-records`)).body.items;
    expect(record.representative).toEqual({ firstName: 'Per', lastName: 'Hansen' });
    expect(record.evidence.summary.signatory).toEqual({ firstName: 'Per', lastName: 'Hansen' });
    const document = await download(svc.baseUrl, record.evidence.documents[0].url, a.apiKey);
    expect(document.status).toBe(200);
    const text = document.bytes.toString();
    expect(JSON.parse(text).agreements.items[0].primaryContact).toMatchObject({ firstName: 'Per', lastName: 'Hansen' });
    for (const secret of [SIGNATORY.email, SIGNATORY.phoneNumber, REP.email, 'Kari']) expect(text).not.toContain(secret);
    expect(JSON.stringify(shown)).not.toContain('Kari');
  });

  test("a signatory email the partner itself supplied stays; a direct acceptance records 'not reported'; a partner listed by MPN id works", async () => {
    const { svc, partner } = await start();
    const c = await partner('Partner C', { mpnId: C_MPN });
    const own = await partner('Direct business', { tenantId: OWN_TENANT });

    // Listed by MPN id (another tenant id than any declared), Microsoft names the person C typed in.
    const t1 = TENANT();
    pc.setRelationships(t1, [{ id: '0c0c0c0c-1111-4222-8333-444444444444', mpnId: C_MPN }]);
    pc.addAgreement(t1, { ...SIGNATORY, email: 'PER@fjordkraft.example' });
    const c1 = await createCustomer(svc.baseUrl, c.apiKey, { tenantId: t1 });
    const supplied = { firstName: 'Per', lastName: 'Hansen', email: SIGNATORY.email };
    expect((await c.api('POST', `/v1/customers/${c1.id}/consent-requests`, { channel: 'email', representative: supplied })).status).toBe(409);
    const [r1] = (await c.api('GET', `/v1/customers/${c1.id}/consent-records`)).body.items;
    expect(r1.representative).toEqual({ firstName: 'Per', lastName: 'Hansen', email: 'PER@fjordkraft.example' });
    const doc1 = (await download(svc.baseUrl, r1.evidence.documents[0].url, c.apiKey)).bytes.toString();
    expect(doc1).toContain('PER@fjordkraft.example');
    expect(doc1).not.toContain(SIGNATORY.phoneNumber);

    // Accepted in the admin center: Partner Center names nobody, so nobody is recorded, least of all the typed-in representative.
    const t2 = TENANT();
    pc.setRelationships(t2, [{ id: '0c0c0c0c-1111-4222-8333-444444444444', mpnId: C_MPN }]);
    pc.setDirectSigned(t2, true);
    const c2 = await createCustomer(svc.baseUrl, c.apiKey, { tenantId: t2 });
    expect((await c.api('POST', `/v1/customers/${c2.id}/consent-requests`, { channel: 'email', representative: REP })).status).toBe(409);
    const stored = await svc.ctx.models.consentRecords.findOne({ customerId: c2.id }).lean();
    expect(stored?.representative).toBeUndefined();
    const [r2] = (await c.api('GET', `/v1/customers/${c2.id}/consent-records`)).body.items;
    expect(r2.representative).toBeUndefined();
    expect(r2.evidence.summary.signatory).toBe('not reported');
    expect((await c.api('GET', `/v1/customers/${c2.id}`)).body.mca.representative).toBeUndefined();

    // The deployment's own tenant (PARTNER_CENTER_TENANT_ID) counts for the customers no indirect reseller is listed for ...
    const t3 = TENANT();
    pc.setRelationships(t3, null);
    pc.setDirectSigned(t3, true);
    const c3 = await createCustomer(svc.baseUrl, own.apiKey, { tenantId: t3 });
    expect((await own.api('POST', `/v1/customers/${c3.id}/consent-requests`, { channel: 'email', representative: REP })).status).toBe(409);
    // ... never for a reseller's customer.
    const c4 = await createCustomer(svc.baseUrl, own.apiKey, { tenantId: t1 });
    const r4 = await own.api('POST', `/v1/customers/${c4.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(r4.status).toBe(202);
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: c4.id })).toBe(0);
  });

  test('microsoft channel for A: every check confirms the relationship first; while it is gone nothing is read; the signatory recorded is whom the created agreement names', async () => {
    const { svc, partner } = await start();
    const a = await partner('Partner A', { tenantId: A_TENANT });
    const tenantId = TENANT();
    pc.setRelationships(tenantId, [{ id: A_TENANT }]);
    pc.setAttestationBehaviour({ never: true });
    const customer = await createCustomer(svc.baseUrl, a.apiKey, { tenantId });
    const created = await a.api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    expect(created.status).toBe(202);
    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    await waitFor(async () => ((await a.api('GET', path)).body.status === 'sent' ? true : undefined), 'sent');
    const attestation = pc.attestations()[0]!;

    // The relationship ends (the customer moved to another reseller): the poll reads nothing about the tenant and says why.
    pc.setRelationships(tenantId, [{ id: B_TENANT }]);
    const mark = pc.requests.length;
    pc.acceptAttestation(attestation.id);
    const stopped = await waitFor(
      async () => {
        const r = (await a.api('GET', path)).body;
        return /does not list this partner as the customer's reseller/.test(r.lastError ?? '') ? r : undefined;
      },
      'the check says why it was not made',
      30_000,
    );
    expect(stopped.status).toBe('sent');
    expect(pc.requests.slice(mark).filter((r) => !r.path.endsWith('/relationships'))).toEqual([]);
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(0);

    pc.setRelationships(tenantId, [{ id: A_TENANT }]);
    await waitFor(async () => ((await a.api('GET', path)).body.status === 'accepted' ? true : undefined), 'accepted once listed again', 40_000);
    const [record] = (await a.api('GET', `/v1/customers/${customer.id}/consent-records`)).body.items;
    // Microsoft's signatory: the agreement created with the attestation names the person the partner asked.
    expect(record.evidence.summary).toMatchObject({ via: 'enhanced-attestation', signatory: { firstName: 'Kari', lastName: 'Nordmann', email: REP.email } });
    expect(pc.agreementsOf(tenantId)).toMatchObject([{ firstName: 'Kari', lastName: 'Nordmann', email: REP.email, attestationId: attestation.id }]);
  });

  test("UNLOCK_POLICY=consent+microsoft: B's written consent for A's customer never unlocks on Microsoft's data, and the Microsoft step says why", async () => {
    const { svc, partner } = await start({ UNLOCK_POLICY: 'consent+microsoft' });
    const b = await partner('Partner B', { tenantId: B_TENANT });
    const tenantId = TENANT();
    pc.setRelationships(tenantId, [{ id: A_TENANT }]);
    pc.setDirectSigned(tenantId, true);
    const customer = await createCustomer(svc.baseUrl, b.apiKey, { tenantId });

    const created = await b.api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(created.status).toBe(202);
    expect(created.body.history.map((h: { detail?: string }) => h.detail).join('\n')).toMatch(/this service also needs Microsoft's confirmation/);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(REP.email));
    await postEmail(svc.baseUrl, await buildReply({ original: mail, from: REP.email, body: 'Jeg godtar' }), INBOUND_SECRET);

    const step = await waitFor(
      async () => {
        const r = await svc.ctx.models.consentRequests.findOne({ customerId: customer.id, channel: 'microsoft', status: 'failed' }).lean();
        return r ?? undefined;
      },
      'the Microsoft step ends failed',
      30_000,
    );
    expect(step.lastError).toMatch(/does not list this partner as the customer's reseller/);
    // The customer follows its current request a moment after the request itself moved.
    const shown = await waitFor(async () => {
      const c = (await b.api('GET', `/v1/customers/${customer.id}`)).body;
      return c.mca.status === 'needs-review' ? c : undefined;
    }, 'the customer shows why');
    expect(shown).toMatchObject({
      mca: { writtenConsent: { method: 'email' }, detail: expect.stringMatching(/does not list this partner/) },
      ordering: { status: 'locked' },
    });
    const layers = (await svc.ctx.models.consentRecords.find({ customerId: customer.id }).lean()).map((r) => r.layer);
    expect(layers).toEqual(['written']);
    expect(mcaReads(tenantId)).toHaveLength(0);
    expect(pc.attestations()).toHaveLength(0);
    const ask = await b.api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'CSP' });
    expect(ask.body).toMatchObject({ allowed: false });
  });
});
