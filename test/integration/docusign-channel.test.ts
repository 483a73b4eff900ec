import { generateKeyPairSync } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sweepOutbox, syncEnvelope } from '@mca/workers';
import { readEvidence } from '@mca/core';
import { call, createCustomer, createPartner, digestOf, download } from '../harness/api-client';
import { startDocuSignStandIn } from '../harness/docusign-stand-in';
import { startTestService, type TestService } from '../harness/service';
import { waitFor, within } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const ROOT = path.resolve(__dirname, '../..');
const IDS = {
  integrationKey: '8f0e9a5e-1111-4a4a-9c9c-000000000001',
  userId: '2b5e3c1d-2222-4b4b-8d8d-000000000002',
  accountId: '7a6b5c4d-3333-4c4c-9e9e-000000000003',
};
const HMAC_OLD = 'old-connect-key-0123456789';
const HMAC_NEW = 'new-connect-key-9876543210';

/**
 * The docusign channel on real parts: the real docusign-esign SDK against an HTTPS stand-in
 * for DocuSign (JWT grant verified), Connect messages signed with HMAC, Mongo, Redis, SMTP.
 */
describe('docusign channel', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let ds: Awaited<ReturnType<typeof startDocuSignStandIn>>;
  let svc: TestService;
  let hooks: WebhookSink;
  let partner: { apiKey: string; webhookSecret?: string };

  beforeAll(async () => {
    ds = await startDocuSignStandIn({ ...IDS, publicKeyPem: publicPem });
    hooks = await startWebhookSink();
    svc = await startTestService({
      env: {
        DOCUSIGN_INTEGRATION_KEY: IDS.integrationKey,
        DOCUSIGN_USER_ID: IDS.userId,
        DOCUSIGN_ACCOUNT_ID: IDS.accountId,
        DOCUSIGN_PRIVATE_KEY: privatePem,
        DOCUSIGN_BASE_PATH: ds.basePath,
        DOCUSIGN_OAUTH_BASE_PATH: ds.oAuthBasePath,
        DOCUSIGN_CONNECT_HMAC_KEYS: `${HMAC_OLD},${HMAC_NEW}`,
        // The real budget (3000/h) would queue this file's few dozen calls for minutes.
        DOCUSIGN_CALLS_PER_HOUR: '360000',
        PUBLIC_URL: 'https://mca.example',
      },
    });
    partner = await createPartner(svc.baseUrl, { name: 'Signatur AS', notifyEmail: 'ops@signatur.example', webhookUrl: hooks.url });
  });
  afterAll(async () => {
    await svc?.stop();
    await ds?.close();
    await hooks?.close();
  });

  async function requestSent(email: string, language = 'nb-NO') {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { language });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'docusign', representative: { firstName: 'Kari', lastName: 'Nordmann', email } },
    });
    expect(res.status).toBe(202);
    const path = `/v1/customers/${customer.id}/consent-requests/${res.body.id}`;
    const stored = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(res.body.id).lean();
      return r?.status === 'sent' && r.envelopeId ? r : undefined;
    }, 'envelope sent');
    return { customer, path, requestId: res.body.id as string, envelopeId: stored.envelopeId! };
  }

  const postConnect = (body: Buffer, key: string | null, contentType = 'application/json') =>
    fetch(`${svc.baseUrl}/webhooks/docusign`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { 'x-docusign-signature-1': ds.sign(body, key) } : {}) },
      body,
    });

  const customerOf = async (id: string) => (await call(svc.baseUrl, 'GET', `/v1/customers/${id}`, { token: partner.apiKey })).body;

  test('envelope out, signed Connect message in: accepted, unlocked, evidence hashed, partner told once', async () => {
    const { customer, path, envelopeId } = await requestSent('kari@fjordkraft.example');
    expect((await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.envelopeId).toBe(envelopeId);
    const sent = ds.envelopes.get(envelopeId)!;
    const def = sent.definition;
    expect(def.status).toBe('sent');
    expect(def.emailSubject).toMatch(/Microsoft/);
    expect(Buffer.from(def.documents[0].documentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const signer = def.recipients.signers[0];
    expect(signer).toMatchObject({ email: 'kari@fjordkraft.example', name: 'Kari Nordmann', recipientId: '1' });
    expect(signer.tabs.signHereTabs[0].anchorString).toBeTruthy();
    expect(signer.tabs.dateSignedTabs[0].anchorString).toBeTruthy();
    expect(signer.tabs.fullNameTabs[0].anchorString).toBeTruthy();
    expect(def.eventNotification).toMatchObject({
      url: 'https://mca.example/webhooks/docusign',
      deliveryMode: 'SIM',
      includeHMAC: 'true',
      requireAcknowledgment: 'true',
      eventData: { version: 'restv2.1', format: 'json' },
    });
    expect(def.eventNotification.events).toEqual(
      expect.arrayContaining([
        'envelope-sent',
        'envelope-delivered',
        'envelope-completed',
        'envelope-declined',
        'envelope-voided',
        'recipient-completed',
        'recipient-declined',
        'recipient-autoresponded',
      ]),
    );

    const signedAt = new Date('2026-11-20T09:30:00Z');
    ds.complete(envelopeId, { signedAt });
    const msg = ds.connectMessage(envelopeId, 'envelope-completed', { summary: false });
    const first = await postConnect(msg, HMAC_NEW);
    expect(first.status).toBe(200);

    const done = await waitFor(async () => {
      const c = await customerOf(customer.id);
      return c.ordering.status === 'unlocked' ? c : undefined;
    }, 'unlocked after DocuSign completion');
    expect(done.mca).toMatchObject({ status: 'accepted', method: 'docusign', acceptedAt: signedAt.toISOString() });
    expect((await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.status).toBe('accepted');

    const record = await svc.ctx.models.consentRecords.findOne({ customerId: customer.id }).lean();
    if (record?.evidence.kind !== 'docusign') throw new Error('expected DocuSign evidence');
    const { createHash } = await import('node:crypto');
    const files = await svc.ctx.models.evidenceFiles.find({ customerId: customer.id }).lean();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const bytes = (await readEvidence(svc.ctx, f.partnerId, f._id)).data;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect([record.evidence.signedDocument.sha256, record.evidence.certificate.sha256].sort()).toEqual(files.map((f) => f.sha256).sort());
    const listed = (await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}/consent-records`, { token: partner.apiKey })).body.items[0];
    expect(listed.evidence).toMatchObject({ kind: 'docusign', summary: { envelopeId, signer: { email: 'kari@fjordkraft.example' } } });
    expect(listed.evidence.documents.map((d: { name: string }) => d.name)).toEqual(['signed-document', 'certificate']);
    for (const d of listed.evidence.documents as { url: string; sha256: string }[]) {
      const got = await download(svc.baseUrl, d.url, partner.apiKey);
      expect(got.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(d.sha256);
      expect(digestOf(got.headers)).toBe(d.sha256);
    }

    // Redelivery: acknowledged, nothing changes; the partner was told once.
    const again = await postConnect(msg, HMAC_OLD);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await waitFor(
      async () => (hooks.received.length === 1 && (await svc.ctx.models.notifications.countDocuments({ status: 'pending' })) === 0 ? true : undefined),
      'notified',
    );
    expect(hooks.received.filter((h) => JSON.parse(h.body).data.customerId === customer.id)).toHaveLength(1);
  });

  test('syncs racing on one completed envelope keep one copy of each document', async () => {
    // recipient-completed and envelope-completed arrive together and each asks for a sync.
    const { customer, requestId, envelopeId } = await requestSent('race@kunde.example');
    ds.complete(envelopeId, { signedAt: new Date() });
    await Promise.all([1, 2, 3].map(() => syncEnvelope(svc.ctx, { requestId })));
    const files = await svc.ctx.models.evidenceFiles.find({ customerId: customer.id }, { key: 1 }).lean();
    expect(files.map((f) => f.key).sort()).toEqual([`docusign:${envelopeId}:certificate`, `docusign:${envelopeId}:combined`]);
    const record = await svc.ctx.models.consentRecords.findOne({ customerId: customer.id }).lean();
    if (record?.evidence.kind !== 'docusign') throw new Error('expected DocuSign evidence');
    const ids = files.map((f) => f._id.toString()).sort();
    expect([record.evidence.signedDocument.evidenceFileId.toString(), record.evidence.certificate.evidenceFileId.toString()].sort()).toEqual(ids);
  });

  test('forged, tampered, unsigned and rotated-key messages', async () => {
    const body = ds.connectMessage('11111111-2222-4333-8444-555555555555', 'envelope-sent', { summary: false });
    expect((await postConnect(body, 'not-a-configured-key')).status).toBe(401);
    expect((await postConnect(body, null)).status).toBe(401);
    const tampered = await fetch(`${svc.baseUrl}/webhooks/docusign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docusign-signature-1': ds.sign(body, HMAC_NEW) },
      body: Buffer.concat([body, Buffer.from(' ')]),
    });
    expect(tampered.status).toBe(401);
    const problem = await tampered.json();
    expect(problem).toMatchObject({ code: 'UNAUTHENTICATED' });
    // Two signatures, one per key, as DocuSign sends during rotation: any match is enough.
    const rotated = await fetch(`${svc.baseUrl}/webhooks/docusign`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-docusign-signature-1': ds.sign(body, 'retired-key-xxxxxxxx'),
        'x-docusign-signature-2': ds.sign(body, HMAC_OLD),
      },
      body,
    });
    expect(rotated.status).toBe(200);
    expect(await svc.ctx.models.connectMessages.countDocuments({ envelopeId: '11111111-2222-4333-8444-555555555555' })).toBe(1);
  });

  test('out of order: completed (with summary) before sent; a late sent changes nothing', async () => {
    const { customer, envelopeId } = await requestSent('ole@kunde.example');
    ds.complete(envelopeId, { signedAt: new Date() });
    expect((await postConnect(ds.connectMessage(envelopeId, 'envelope-completed', { summary: true }), HMAC_NEW)).status).toBe(200);
    expect(
      (await postConnect(ds.connectMessage(envelopeId, 'envelope-sent', { summary: true, generatedAt: new Date(Date.now() - 60_000) }), HMAC_NEW)).status,
    ).toBe(200);
    await waitFor(async () => ((await customerOf(customer.id)).ordering.status === 'unlocked' ? true : undefined), 'unlocked');
    await waitFor(
      async () => ((await svc.ctx.models.connectMessages.countDocuments({ envelopeId, status: 'received' })) === 0 ? true : undefined),
      'all processed',
    );
    const req = await svc.ctx.models.consentRequests.findOne({ envelopeId }).lean();
    expect(req?.status).toBe('accepted');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(1);
  });

  test('declined in DocuSign -> declined with the reason, partner told', async () => {
    const { customer, path, envelopeId } = await requestSent('nei@kunde.example');
    ds.decline(envelopeId, 'Vi er ikke autorisert');
    expect((await postConnect(ds.connectMessage(envelopeId, 'envelope-declined', { summary: true }), HMAC_NEW)).status).toBe(200);
    const req = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body;
      return r.status === 'declined' ? r : undefined;
    }, 'declined');
    expect(req.history.at(-1).detail).toMatch(/Vi er ikke autorisert/);
    expect((await customerOf(customer.id)).mca.status).toBe('declined');
    await waitFor(
      async () =>
        hooks.received.some((h) => JSON.parse(h.body).type === 'consent.declined' && JSON.parse(h.body).data.customerId === customer.id) ? true : undefined,
      'declined webhook',
    );
  });

  test('cancel voids the envelope; an envelope voided by DocuSign (expiry) expires the request', async () => {
    const a = await requestSent('cancel@kunde.example');
    expect((await call(svc.baseUrl, 'POST', `${a.path}/cancel`, { token: partner.apiKey })).body.status).toBe('cancelled');
    await waitFor(async () => (ds.envelopes.get(a.envelopeId)?.status === 'voided' ? true : undefined), 'voided at DocuSign');

    const b = await requestSent('expire@kunde.example');
    ds.void(b.envelopeId, 'Envelope has expired');
    expect((await postConnect(ds.connectMessage(b.envelopeId, 'envelope-voided', { summary: false }), HMAC_NEW)).status).toBe(200);
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', b.path, { token: partner.apiKey })).body.status === 'expired' ? true : undefined), 'expired');
    // The customer follows the request in a second write: wait for it rather than race it.
    await waitFor(async () => ((await customerOf(b.customer.id)).mca.status === 'expired' ? true : undefined), 'customer expired');
  });

  test('a signed copy uploaded while an envelope is out ends the request cancelled and voids the envelope', async () => {
    const a = await requestSent('paper@kunde.example');
    const f = new FormData();
    for (const [k, v] of Object.entries({ firstName: 'Kari', lastName: 'Nordmann', email: 'paper@kunde.example', dateAgreed: '2024-03-01' })) f.append(k, v);
    f.append('evidence', new Blob([Buffer.from('%PDF-1.4 signed on paper')]), 'signed.pdf');
    expect((await call(svc.baseUrl, 'POST', `/v1/customers/${a.customer.id}/attestations`, { token: partner.apiKey, body: f })).status).toBe(201);
    const req = (await call(svc.baseUrl, 'GET', a.path, { token: partner.apiKey })).body;
    expect(req.status).toBe('cancelled');
    expect(req.history.at(-1)).toMatchObject({ status: 'cancelled', detail: 'consent recorded from a signed copy' });
    await waitFor(async () => (ds.envelopes.get(a.envelopeId)?.status === 'voided' ? true : undefined), 'voided at DocuSign');
  });

  test("the envelope carries REMINDER_AFTER and REQUEST_EXPIRES_AFTER as DocuSign's own reminders and expiry (whole days)", async () => {
    const { envelopeId, requestId } = await requestSent('cadence@kunde.example');
    // The defaults 3d,7d and 30d: first reminder after 3 days, then every 4, at most 2; expiry after 30.
    expect(ds.envelopes.get(envelopeId)?.definition.notification).toEqual({
      useAccountDefaults: 'false',
      reminders: { reminderEnabled: 'true', reminderDelay: '3', reminderFrequency: '4', maximumReminderCount: '2' },
      expirations: { expireEnabled: 'true', expireAfter: '30', expireWarn: '0' },
    });
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    // DocuSign reminds its signers itself; the service only keeps the expiry.
    expect(stored?.nextReminderAt).toBeUndefined();
    expect(stored!.expiresAt!.getTime() - stored!.sentAt!.getTime()).toBe(30 * 86_400_000);
  });

  test('expiry of a docusign request: the envelope is voided and the request ends expired once, however DocuSign reports it', async () => {
    const expiredEvents = (requestId: string) =>
      hooks.received.filter((h) => JSON.parse(h.body).type === 'consent.expired' && JSON.parse(h.body).data.requestId === requestId);
    // Ours first: the expiry is due (its delayed job lost), the sweeper runs it, the envelope is voided...
    const a = await requestSent('expiry-ours@kunde.example');
    await svc.ctx.models.consentRequests.updateOne({ _id: a.requestId }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
    // The send enqueues its expiry a moment after the request shows `sent`: remove it once it is there.
    const expiryJob = await waitFor(async () => (await svc.ctx.queues.queue('expiry').getJob(`expire-${a.requestId}-1`)) ?? undefined, 'expiry job enqueued');
    await expiryJob.remove();
    expect((await sweepOutbox(svc.ctx)).expiry).toBe(1);
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', a.path, { token: partner.apiKey })).body.status === 'expired' ? true : undefined), 'expired');
    await waitFor(async () => (ds.envelopes.get(a.envelopeId)?.status === 'voided' ? true : undefined), 'voided at DocuSign');
    expect(ds.envelopes.get(a.envelopeId)?.voidedReason).toMatch(/expired/);
    // ...and DocuSign's Connect message about the void changes nothing.
    expect((await postConnect(ds.connectMessage(a.envelopeId, 'envelope-voided', { summary: false }), HMAC_NEW)).status).toBe(200);
    await waitFor(async () => (expiredEvents(a.requestId).length > 0 ? true : undefined), 'consent.expired webhook');

    // DocuSign's own expiration first: Connect says voided, then our expiry falls due and finds nothing to do.
    const b = await requestSent('expiry-docusign@kunde.example');
    ds.void(b.envelopeId, 'Envelope has expired');
    expect((await postConnect(ds.connectMessage(b.envelopeId, 'envelope-voided', { summary: false }), HMAC_NEW)).status).toBe(200);
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', b.path, { token: partner.apiKey })).body.status === 'expired' ? true : undefined), 'expired');
    await svc.ctx.models.consentRequests.updateOne({ _id: b.requestId }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
    await svc.ctx.queues.add('expiry', { requestId: b.requestId, sendCount: 1 });
    await waitFor(async () => (expiredEvents(b.requestId).length > 0 ? true : undefined), 'consent.expired webhook');
    await new Promise((r) => setTimeout(r, 1_500));
    for (const { requestId, customer } of [a, b]) {
      expect(expiredEvents(requestId)).toHaveLength(1);
      const history = (await svc.ctx.models.consentRequests.findById(requestId).lean())!.history;
      expect(history.filter((h) => h.status === 'expired')).toHaveLength(1);
      expect((await customerOf(customer.id)).mca.status).toBe('expired');
    }
  });

  test('recipient-autoresponded marks the request bounced; resend resends the envelope', async () => {
    const { path, envelopeId } = await requestSent('bad-address@kunde.example');
    const msg = ds.connectMessage(envelopeId, 'recipient-autoresponded', { summary: false, recipientId: '1' });
    expect((await postConnect(msg, HMAC_NEW)).status).toBe(200);
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.status === 'bounced' ? true : undefined), 'bounced');
    expect((await call(svc.baseUrl, 'POST', `${path}/resend`, { token: partner.apiKey })).status).toBe(202);
    await waitFor(async () => (ds.envelopes.get(envelopeId)?.resent ? true : undefined), 'resent at DocuSign');
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.status === 'sent' ? true : undefined), 'sent again');
  });

  test('a legacy XML message whose signer is AutoResponded marks the request bounced', async () => {
    const { path, envelopeId } = await requestSent('xml-bounce@kunde.exmaple');
    ds.bounce(envelopeId);
    const xml = ds.legacyXml(envelopeId);
    expect(xml.toString()).toContain('<Status>AutoResponded</Status>');
    expect((await postConnect(xml, HMAC_NEW, 'text/xml')).status).toBe(200);
    await waitFor(
      async () => ((await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.status === 'bounced' ? true : undefined),
      'bounced from XML',
    );
  });

  test('a rate limit from DocuSign backs off and the envelope is sent once', async () => {
    const before = ds.envelopes.size;
    ds.rateLimitNext(1, 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', { resetInSeconds: 1 });
    ds.rateLimitNext(1, 429, { retryAfterSeconds: 1 });
    const { envelopeId } = await requestSent('patient@kunde.example');
    expect(ds.envelopes.size).toBe(before + 1);
    expect(envelopeId).toBeTruthy();
  });

  test('missing consent for the integration key fails the request with the consent URL', async () => {
    ds.setConsentGranted(false);
    ds.revokeTokens(); // the cached token is refused: the client must ask for a new one
    try {
      const customer = await createCustomer(svc.baseUrl, partner.apiKey);
      const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
        token: partner.apiKey,
        json: { channel: 'docusign', representative: { firstName: 'No', lastName: 'Consent', email: 'nc@kunde.example' } },
      });
      const failed = await waitFor(async () => {
        const r = (await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}/consent-requests/${res.body.id}`, { token: partner.apiKey })).body;
        return r.status === 'failed' ? r : undefined;
      }, 'failed on consent_required');
      expect(failed.lastError).toMatch(/consent/i);
      expect(failed.lastError).toContain('/oauth/auth?response_type=code');
    } finally {
      ds.setConsentGranted(true);
    }
  });

  test('a completion whose sync exhausts its retries (DocuSign down) is picked up again by the sweeper', async () => {
    const { customer, envelopeId } = await requestSent('outage@kunde.example');
    ds.complete(envelopeId, { signedAt: new Date() });
    ds.failNext(Number(svc.env.JOB_ATTEMPTS), 503); // every attempt of the sync job
    expect((await postConnect(ds.connectMessage(envelopeId, 'envelope-completed', { summary: false }), HMAC_NEW)).status).toBe(200);
    await waitFor(
      async () => (await svc.ctx.models.connectMessages.findOne({ envelopeId, status: 'received', detail: /503/ }).lean()) ?? undefined,
      'message reopened after the sync gave up',
    );
    expect((await customerOf(customer.id)).ordering.status).toBe('locked');

    await sweepOutbox(svc.ctx);
    await waitFor(async () => ((await customerOf(customer.id)).ordering.status === 'unlocked' ? true : undefined), 'unlocked after DocuSign came back');
    expect(await svc.ctx.models.evidenceFiles.countDocuments({ customerId: customer.id })).toBe(2);
  });

  test('legacy XML Connect message is understood', async () => {
    const { customer, envelopeId } = await requestSent('xml@kunde.example');
    ds.complete(envelopeId, { signedAt: new Date() });
    const xml = ds.legacyXml(envelopeId);
    expect((await postConnect(xml, HMAC_NEW, 'text/xml')).status).toBe(200);
    await waitFor(async () => ((await customerOf(customer.id)).ordering.status === 'unlocked' ? true : undefined), 'unlocked from XML');
  });

  test('a worker killed after DocuSign created the envelope but before its id was stored: the retry adopts it, no second envelope', async () => {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    await svc.stopWorkers();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...svc.env, PUBLIC_URL: 'https://mca.example', MCA_FAILPOINT: 'before-envelope-stored' },
      stdio: 'ignore',
    });
    const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    const before = ds.envelopes.size;
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'docusign', representative: { firstName: 'Per', lastName: 'Krasj', email: 'crash-create@kunde.example' } },
    });
    const signal = await within(died, 30_000, () => 'still running');
    if (signal !== 'SIGKILL') child.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    expect(ds.envelopes.size).toBe(before + 1);
    await svc.startWorkers(); // the killed job's lock expires and it runs again
    const sent = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(res.body.id).lean();
      return r?.status === 'sent' && r.envelopeId ? r : undefined;
    }, 'sent after the crash');
    expect(ds.envelopes.size).toBe(before + 1);
    expect(ds.envelopes.get(sent.envelopeId!)?.definition.recipients.signers[0].email).toBe('crash-create@kunde.example');
  });

  test.each([
    ['after-customer-accepted', 'Mongo updated, unlock job not yet added'],
    ['after-docusign-consent', 'consent recorded, request not yet accepted'],
  ])('a worker killed at %s (%s) is finished by another, once', async (point) => {
    const { customer, envelopeId } = await requestSent(`crash-${point}@kunde.example`);
    await svc.stopWorkers();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...svc.env, PUBLIC_URL: 'https://mca.example', MCA_FAILPOINT: point },
      stdio: 'ignore',
    });
    const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    ds.complete(envelopeId, { signedAt: new Date() });
    expect((await postConnect(ds.connectMessage(envelopeId, 'envelope-completed', { summary: false }), HMAC_NEW)).status).toBe(200);
    expect(await died).toBe('SIGKILL');
    await svc.startWorkers();
    await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findOne({ envelopeId }).lean();
      const c = await customerOf(customer.id);
      return r?.status === 'accepted' && c.ordering.status === 'unlocked' ? true : undefined;
    }, 'finished after the crash');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(1);
    expect(await svc.ctx.models.evidenceFiles.countDocuments({ customerId: customer.id })).toBe(2);
    await waitFor(
      async () => ((await svc.ctx.models.notifications.countDocuments({ customerId: customer.id, event: 'customer.unlocked' })) === 2 ? true : undefined),
      'notifications',
    );
  });
});
