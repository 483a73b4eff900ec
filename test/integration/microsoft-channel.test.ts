import { spawn } from 'node:child_process';
import path from 'node:path';
import { openRecord, openRequest } from '@mca/core';
import { call, createCustomer, createPartner, digestOf, download } from '../harness/api-client';
import { startPartnerCenterStandIn, type PartnerCenterStandIn } from '../harness/partner-center-stand-in';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const ADMIN_CENTER = 'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement';
const ROOT = path.resolve(__dirname, '../..');
const REP = { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example' };
/** The partner's own tenant in Partner Center: the stand-in lists it as each test customer's reseller. */
const PARTNER_TENANT = '5e5e5e5e-1111-4222-8333-444444444444';

/**
 * Microsoft's side, against a real HTTP stand-in of Partner Center: acceptance found before
 * asking, the `microsoft` channel (enhanced attestation and admin center), link expiry, the
 * consent+microsoft unlock policy, and 13605 surfaced on order authorization.
 */
describe('Microsoft-side acceptance through Partner Center', () => {
  let pc: PartnerCenterStandIn;
  let hooks: WebhookSink;
  const services: TestService[] = [];

  async function start(env: Record<string, string> = {}) {
    const svc = await startTestService({
      env: { PARTNER_CENTER_BASE_URL: pc.baseUrl, PARTNER_CENTER_TOKEN: pc.token, PARTNER_CENTER_POLL_SECONDS: '1', ...env },
    });
    services.push(svc);
    const partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', webhookUrl: hooks.url, partnerCenter: { tenantId: PARTNER_TENANT } });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO' });
    pc.setRelationships(customer.tenantId, [{ id: PARTNER_TENANT }]);
    const api = (method: string, path: string, json?: unknown) => call(svc.baseUrl, method, path, { token: partner.apiKey, ...(json ? { json } : {}) });
    return { svc, partner, customer, api };
  }

  const events = (tenantId: string, type: string) =>
    hooks.received.filter((h) => {
      const body = JSON.parse(h.body) as { type: string; data: { tenantId?: string } };
      return body.type === type && body.data.tenantId === tenantId;
    });

  beforeAll(async () => {
    pc = await startPartnerCenterStandIn();
    hooks = await startWebhookSink();
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
    pc.reset();
  });
  afterAll(async () => {
    await pc?.close();
    await hooks?.close();
  });

  test('accepted in the admin center already: 409 MCA_ALREADY_ACCEPTED, recorded as microsoft, unlocked, no email', async () => {
    const { svc, partner, customer, api } = await start();
    pc.setDirectSigned(customer.tenantId, true);

    const res = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'MCA_ALREADY_ACCEPTED', detail: expect.stringMatching(/admin center/) });

    const unlocked = await waitFor(async () => {
      const c = (await api('GET', `/v1/customers/${customer.id}`)).body;
      return c.ordering.status === 'unlocked' ? c : undefined;
    }, 'unlocked');
    expect(unlocked.mca).toMatchObject({ status: 'accepted', method: 'microsoft', microsoft: { status: 'accepted', via: 'direct' } });
    const records = await Promise.all((await svc.ctx.models.consentRecords.find({ customerId: customer.id }).lean()).map((r) => openRecord(svc.ctx.vault, r)));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: 'microsoft', layer: 'microsoft', evidence: { kind: 'microsoft', via: 'direct' } });
    expect(records[0]?.evidence).toMatchObject({ partnerCenter: { directSignedStatus: { isSigned: true } }, sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
    // The document Microsoft presents (its current MCA for the country and language), hashed.
    expect(records[0]?.agreement).toMatchObject({ templateId: pc.templateId, country: 'NO', language: 'nb', sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
    // Partner Center's answers are the evidence document, served as recorded.
    const listed = (await api('GET', `/v1/customers/${customer.id}/consent-records`)).body.items;
    expect(listed).toMatchObject([
      { layer: 'microsoft', method: 'microsoft', evidence: { kind: 'microsoft', summary: { via: 'direct' }, documents: [{ name: 'partner-center' }] } },
    ]);
    const answers = await download(svc.baseUrl, listed[0].evidence.documents[0].url, partner.apiKey);
    expect(JSON.parse(answers.bytes.toString())).toMatchObject({ directSignedStatus: { isSigned: true } });
    expect(digestOf(answers.headers)).toBe((records[0]?.evidence as { sha256: string }).sha256);
    expect(await svc.ctx.models.consentRequests.countDocuments({ customerId: customer.id })).toBe(0);
    expect(svc.smtp.received.filter((m) => m.envelope.to.includes(REP.email))).toHaveLength(0);
    await waitFor(async () => (events(customer.tenantId, 'customer.unlocked').length === 1 ? true : undefined), 'one unlock webhook');

    const ask = await api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'CSP' });
    expect(ask.body).toEqual({ allowed: true });
  });

  test('accepted through another partner: the confirmation and its contact become the evidence', async () => {
    const { svc, customer, api } = await start();
    pc.addAgreement(customer.tenantId, { firstName: 'Per', lastName: 'Hansen', email: 'per@fjordkraft.example', dateAgreed: '2025-11-03T00:00:00Z' });

    const res = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'docusign', representative: REP });
    // DocuSign is not configured here, yet Microsoft's answer comes first only for available channels.
    expect(res.status).toBe(422);
    const viaEmail = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(viaEmail.status).toBe(409);
    expect(viaEmail.body.detail).toMatch(/partner confirmation/);
    const record = await waitFor(
      () =>
        svc.ctx.models.consentRecords
          .findOne({ customerId: customer.id })
          .lean()
          .then((r) => (r ? openRecord(svc.ctx.vault, r) : undefined)),
      'record',
    );
    expect(record).toMatchObject({
      method: 'microsoft',
      representative: { firstName: 'Per', lastName: 'Hansen', email: 'per@fjordkraft.example' },
      dateAgreed: new Date('2025-11-03T00:00:00Z'),
      evidence: { via: 'partner-attestation' },
      agreement: { templateId: pc.templateId, sha256: expect.stringMatching(/^[a-f0-9]{64}$/) },
    });
    await waitFor(async () => ((await api('GET', `/v1/customers/${customer.id}`)).body.ordering.status === 'unlocked' ? true : undefined), 'unlocked');
    // Every Partner Center read names the agreement type: without it Microsoft answers for the old Cloud Agreement.
    const reads = pc.requests.filter((r) => r.path.endsWith('/agreements') && r.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) expect(r.query.agreementType).toBe('MicrosoftCustomerAgreement');
  });

  test('microsoft channel, enhanced attestation: link emailed, accepted after polls, agreement created once, unlocked', async () => {
    const { svc, customer, api } = await start();
    pc.setAttestationBehaviour({ acceptAfterPolls: 2 });

    const created = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    expect(created.status).toBe(202);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(REP.email));
    const attestation = pc.attestations()[0]!;
    expect(attestation.body).toMatchObject({
      customerTenantId: customer.tenantId,
      country: 'NO',
      language: 'nb-NO',
      companyName: 'Fjordkraft Regnskap AS',
      signatoryFirstName: 'Kari',
      signatoryLastName: 'Nordmann',
      signatoryEmail: REP.email,
    });
    expect(mail.parsed.text).toContain(attestation.acceptanceUrl);
    expect(mail.parsed.text).not.toMatch(/Jeg godtar/);

    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    const sent = await waitFor(async () => {
      const r = (await api('GET', path)).body;
      return r.status === 'sent' ? r : undefined;
    }, 'sent');
    expect(sent.microsoft).toMatchObject({ kind: 'attestation-link', acceptanceUrl: attestation.acceptanceUrl });

    const accepted = await waitFor(
      async () => {
        const r = (await api('GET', path)).body;
        return r.status === 'accepted' ? r : undefined;
      },
      'accepted after polls',
      30_000,
    );
    expect(accepted.history.at(-1).detail).toMatch(/acceptance page/);
    await waitFor(async () => ((await api('GET', `/v1/customers/${customer.id}`)).body.ordering.status === 'unlocked' ? true : undefined), 'unlocked');

    const agreements = pc.agreementsOf(customer.tenantId);
    expect(agreements).toHaveLength(1);
    expect(agreements[0]).toMatchObject({ attestationId: attestation.id, email: REP.email });
    const record = await svc.ctx.models.consentRecords.findOne({ customerId: customer.id }).lean();
    expect(record).toMatchObject({ method: 'microsoft', evidence: { via: 'enhanced-attestation', attestationId: attestation.id } });
    await waitFor(async () => (events(customer.tenantId, 'customer.unlocked').length === 1 ? true : undefined), 'one unlock webhook');
    expect(pc.attestations()[0]!.polls).toBeGreaterThanOrEqual(2);
  });

  test('microsoft channel survives 429 and 5xx from Partner Center: the failure shows, the poll backs off and goes on', async () => {
    const { svc, customer, api } = await start();
    pc.setAttestationBehaviour({ never: true });
    const created = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    await svc.smtp.waitFor((m) => m.envelope.to.includes(REP.email));
    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    await waitFor(async () => ((await api('GET', path)).body.status === 'sent' ? true : undefined), 'sent');

    // More failures than the client's own retries: the check fails and says so on the request.
    pc.failNext(12, 503, { pathPattern: /attestations/ });
    const failing = await waitFor(
      async () => {
        const r = (await api('GET', path)).body;
        return r.lastError ? r : undefined;
      },
      'lastError',
      30_000,
    );
    expect(failing.lastError).toMatch(/Partner Center/);
    const stored = await svc.ctx.models.consentRequests.findById(created.body.id).lean();
    expect(stored?.checkFailures).toBeGreaterThanOrEqual(1);

    pc.failNext(1, 429, { retryAfterSeconds: 0 });
    pc.setDirectSigned(customer.tenantId, true);
    const accepted = await waitFor(
      async () => {
        const r = (await api('GET', path)).body;
        return r.status === 'accepted' ? r : undefined;
      },
      'accepted after the errors',
      40_000,
    );
    expect(accepted.lastError).toBeUndefined();
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(1);
  });

  test('microsoft channel: an expired acceptance link ends the request and tells the partner', async () => {
    const { customer, api } = await start();
    pc.setAttestationBehaviour({ expireAfterPolls: 1 });
    const created = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    const expired = await waitFor(
      async () => {
        const r = (await api('GET', path)).body;
        return r.status === 'expired' ? r : undefined;
      },
      'expired',
      30_000,
    );
    expect(expired.history.at(-1).detail).toMatch(/link expired/);
    expect((await api('GET', `/v1/customers/${customer.id}`)).body).toMatchObject({ mca: { status: 'expired' }, ordering: { status: 'locked' } });
    await waitFor(async () => (events(customer.tenantId, 'consent.expired').length === 1 ? true : undefined), 'consent.expired webhook');

    // What the detail tells the partner to do works: an expired request is final, a new one gets a new link.
    expect(expired.history.at(-1).detail).toMatch(/new consent request with channel 'microsoft'/);
    expect((await api('POST', `${path}/resend`)).status).toBe(409);
    const again = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    expect(again.status).toBe(202);
    await waitFor(
      async () => ((await api('GET', `/v1/customers/${customer.id}/consent-requests/${again.body.id}`)).body.status === 'sent' ? true : undefined),
      'second request sent',
    );
    expect(pc.attestations().filter((a) => a.tenantId === customer.tenantId)).toHaveLength(2);
  });

  test('microsoft channel without enhanced attestation: the admin center link, acceptance found by the tenant check', async () => {
    const { svc, customer, api } = await start({ PARTNER_CENTER_ENHANCED_ATTESTATION: 'off' });
    const created = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(REP.email));
    expect(mail.parsed.text).toContain(ADMIN_CENTER);
    expect(pc.attestations()).toHaveLength(0);

    // A reply is no acceptance on Microsoft's side: the partner reads it, the poll goes on.
    await postEmail(svc.baseUrl, await buildReply({ original: mail, from: REP.email, body: 'Jeg godtar' }), INBOUND_SECRET);
    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    await waitFor(async () => ((await api('GET', path)).body.status === 'needs-review' ? true : undefined), 'needs-review');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(0);

    pc.setDirectSigned(customer.tenantId, true);
    await waitFor(async () => ((await api('GET', path)).body.status === 'accepted' ? true : undefined), 'accepted', 30_000);
    await waitFor(async () => ((await api('GET', `/v1/customers/${customer.id}`)).body.ordering.status === 'unlocked' ? true : undefined), 'unlocked');
  });

  test('UNLOCK_POLICY=consent+microsoft: email reply -> locked, Microsoft step started -> Microsoft acceptance -> unlocked once', async () => {
    const { svc, customer, api } = await start({ UNLOCK_POLICY: 'consent+microsoft' });
    pc.setAttestationBehaviour({ never: true });
    const created = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'email', representative: REP });
    expect(created.status).toBe(202);
    const consentMail = await svc.smtp.waitFor((m) => m.envelope.to.includes(REP.email) && (m.parsed.text ?? '').includes('Jeg godtar'));
    await postEmail(svc.baseUrl, await buildReply({ original: consentMail, from: REP.email, body: 'Jeg godtar' }), INBOUND_SECRET);

    const microsoftMail = await svc.smtp.waitFor((m) => m.envelope.to.includes(REP.email) && m !== consentMail);
    const attestation = await waitFor(async () => pc.attestations()[0], 'attestation created');
    expect(microsoftMail.parsed.text).toContain(attestation.acceptanceUrl);

    const pending = (await api('GET', `/v1/customers/${customer.id}`)).body;
    expect(pending).toMatchObject({ mca: { status: 'pending', writtenConsent: { method: 'email' } }, ordering: { status: 'locked' } });
    const refused = await api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'CSP' });
    expect(refused.body).toMatchObject({
      allowed: false,
      code: 'MCA_NOT_ACCEPTED',
      detail: expect.stringMatching(/written consent is recorded, but Microsoft/),
    });
    expect((await api('GET', `/v1/customers/${customer.id}/consent-requests/${created.body.id}`)).body.status).toBe('accepted');
    const microsoftRequest = await openRequest(
      svc.ctx.vault,
      (await svc.ctx.models.consentRequests.findOne({ customerId: customer.id, channel: 'microsoft' }).lean())!,
    );
    expect(microsoftRequest).toMatchObject({ origin: 'unlock-policy', representative: { email: REP.email } });

    pc.acceptAttestation(attestation.id);
    const unlocked = await waitFor(
      async () => {
        const c = (await api('GET', `/v1/customers/${customer.id}`)).body;
        return c.ordering.status === 'unlocked' ? c : undefined;
      },
      'unlocked after Microsoft acceptance',
      30_000,
    );
    expect(unlocked.mca).toMatchObject({ status: 'accepted', method: 'microsoft', microsoft: { status: 'accepted', via: 'enhanced-attestation' } });
    const layers = (await svc.ctx.models.consentRecords.find({ customerId: customer.id }).lean()).map((r) => `${r.layer}:${r.method}`).sort();
    expect(layers).toEqual(['microsoft:microsoft', 'written:email']);
    await waitFor(async () => (events(customer.tenantId, 'customer.unlocked').length === 1 ? true : undefined), 'one unlock webhook');
    expect((await api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'CSP' })).body).toEqual({ allowed: true });
  });

  test('13605 from Microsoft is surfaced as MCA_NOT_ACCEPTED with its detail; a re-check that finds acceptance records it and unlocks', async () => {
    const { svc, customer, api } = await start();
    const reported = await api('POST', '/v1/orders/authorize', {
      customerId: customer.id,
      action: 'new-order',
      program: 'CSP',
      microsoftError: { code: '13605', description: 'Either a partner confirmation of the customer acceptance must be provided or ...' },
    });
    expect(reported.body).toMatchObject({ allowed: false, code: 'MCA_NOT_ACCEPTED', detail: expect.stringContaining('13605: Either a partner confirmation') });
    expect((await api('GET', `/v1/customers/${customer.id}`)).body.mca.microsoft).toMatchObject({
      status: 'not-accepted',
      detail: expect.stringContaining('13605'),
    });

    // SPLA is never blocked, whatever Microsoft said about CSP.
    expect((await api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'SPLA', recheck: true })).body).toEqual({
      allowed: true,
    });

    // Accepted in the admin center, never asked through us: nobody is named, and still the
    // re-check records it and unlocks, so the next plain authorization allows too.
    pc.setDirectSigned(customer.tenantId, true);
    const again = await api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'new-order', program: 'CSP', recheck: true });
    expect(again.body).toEqual({ allowed: true });
    await waitFor(async () => ((await api('GET', `/v1/customers/${customer.id}`)).body.ordering.status === 'unlocked' ? true : undefined), 'unlocked');
    // The order gate learns of the unlock over the ordering feed, written after the customer:
    // it may trail Mongo by the feed's propagation (bounded in order-gate.test.ts), so wait for it.
    const plain = await waitFor(async () => {
      const answer = await api('POST', '/v1/orders/authorize', { customerId: customer.id, action: 'quantity-change', program: 'CSP' });
      return answer.body.allowed ? answer : undefined;
    }, 'the order gate saw the unlock');
    expect(plain.body).toEqual({ allowed: true });
    const shown = (await api('GET', `/v1/customers/${customer.id}`)).body;
    expect(shown.mca).toMatchObject({ status: 'accepted', method: 'microsoft', microsoft: { status: 'accepted', via: 'direct' } });
    expect(shown.mca.representative).toBeUndefined();
    const record = await svc.ctx.models.consentRecords.findOne({ customerId: customer.id }).lean();
    expect(record).toMatchObject({ method: 'microsoft', evidence: { via: 'direct' }, agreement: { sha256: expect.stringMatching(/^[a-f0-9]{64}$/) } });
    expect(record?.representative).toBeUndefined();
  });

  test('a worker killed between the consent record and the customer update during a check is finished by another, once', async () => {
    const { svc, customer, api } = await start();
    pc.setAttestationBehaviour({ acceptAfterPolls: 1 });
    await svc.stopWorkers();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...svc.env, MCA_FAILPOINT: 'after-consent-record' },
      stdio: 'ignore',
    });
    const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    const created = await api('POST', `/v1/customers/${customer.id}/consent-requests`, { channel: 'microsoft', representative: REP });
    expect(created.status).toBe(202);
    expect(await died).toBe('SIGKILL');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(1);
    expect((await api('GET', `/v1/customers/${customer.id}`)).body.ordering.status).toBe('locked');

    await svc.startWorkers();
    await waitFor(
      async () => {
        const r = (await api('GET', `/v1/customers/${customer.id}/consent-requests/${created.body.id}`)).body;
        const c = (await api('GET', `/v1/customers/${customer.id}`)).body;
        return r.status === 'accepted' && c.ordering.status === 'unlocked' ? true : undefined;
      },
      'finished after the crash',
      30_000,
    );
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(1);
    expect(pc.agreementsOf(customer.tenantId)).toHaveLength(1);
    await waitFor(async () => (events(customer.tenantId, 'customer.unlocked').length === 1 ? true : undefined), 'one unlock webhook');
  });

  test('configuration: consent+microsoft without Partner Center stops the process with one clear line', async () => {
    await expect(startTestService({ env: { UNLOCK_POLICY: 'consent+microsoft' } })).rejects.toThrow(/UNLOCK_POLICY=consent\+microsoft needs Partner Center/);
  });
});
