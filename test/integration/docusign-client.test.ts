import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { createDocuSignClient, DocuSignError, parseConnectMessage, type DocuSignSettings, type EnvelopeInput } from '@mca/integrations';
import { minimalPdf, startDocuSignStandIn, type DocuSignStandIn } from '../harness/docusign-stand-in';

const IDS = {
  integrationKey: '5c2b8d4e-aaaa-4bbb-8ccc-000000000001',
  userId: '9e1f7a3b-dddd-4eee-9fff-000000000002',
  accountId: '3d4c5b6a-1111-4222-8333-000000000003',
};

function pem() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * createDocuSignClient with the real docusign-esign SDK (axios, JWT signing) against the HTTPS
 * stand-in. Needs NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem in the test process.
 */
describe('DocuSign client against the stand-in', () => {
  const keys = pem();
  let ds: DocuSignStandIn;
  let settings: DocuSignSettings;
  const document = minimalPdf(['Microsoft Customer Agreement', '/mca-sign/ /mca-date/ /mca-name/']);

  const input = (over: Partial<EnvelopeInput> = {}): EnvelopeInput => ({
    emailSubject: 'Please accept the Microsoft Customer Agreement',
    emailBlurb: 'Nordlys IT asks you to accept the agreement.',
    source: { kind: 'document', name: 'Microsoft Customer Agreement.pdf', content: document },
    signer: { name: 'Kari Nordmann', email: 'kari@fjordkraft.example' },
    anchors: { signHere: '/mca-sign/', dateSigned: '/mca-date/', fullName: '/mca-name/' },
    webhookUrl: 'https://mca.example/webhooks/docusign',
    requestId: '6750f0c2a1b2c3d4e5f60718',
    ...over,
  });

  /** The rejection, checked to be a DocuSignError that leaks no secret. */
  async function failure(promise: Promise<unknown>): Promise<DocuSignError> {
    const err = await promise.then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DocuSignError);
    const text = `${(err as Error).message} ${JSON.stringify(err)}`;
    expect(text).not.toMatch(/Bearer|eyJ|PRIVATE KEY/);
    expect(text).not.toContain(keys.privatePem.split('\n')[1]);
    return err as DocuSignError;
  }

  beforeAll(async () => {
    ds = await startDocuSignStandIn({ ...IDS, publicKeyPem: keys.publicPem });
    settings = { ...IDS, privateKey: keys.privatePem, basePath: ds.basePath, oAuthBasePath: ds.oAuthBasePath };
  });
  afterAll(async () => ds?.close());

  describe('JWT grant', () => {
    test('one token request serves many calls, also when they start together', async () => {
      const before = ds.tokenRequests;
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      await Promise.all([client.getEnvelope(envelopeId), client.getEnvelope(envelopeId), client.getDocument(envelopeId, 'combined')]);
      await client.resendEnvelope(envelopeId);
      await client.voidEnvelope(envelopeId, 'test');
      expect(ds.tokenRequests - before).toBe(1);

      const fresh = createDocuSignClient(settings);
      const before2 = ds.tokenRequests;
      await Promise.all(Array.from({ length: 5 }, () => fresh.getEnvelope(envelopeId)));
      expect(ds.tokenRequests - before2).toBe(1);
    });

    test('the token is renewed 5 minutes before it expires', async () => {
      let now = Date.now();
      const client = createDocuSignClient(settings, { now: () => now });
      const { envelopeId } = await client.createEnvelope(input());
      const before = ds.tokenRequests;
      now += 54 * 60_000; // token expires_in 3600 s: still 6 minutes left
      await client.getEnvelope(envelopeId);
      expect(ds.tokenRequests).toBe(before);
      now += 60_001; // under 5 minutes left
      await client.getEnvelope(envelopeId);
      expect(ds.tokenRequests).toBe(before + 1);
    });

    test('a token DocuSign stopped accepting (401) is replaced once and the call succeeds', async () => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      ds.revokeTokens();
      const before = ds.tokenRequests;
      await expect(client.getEnvelope(envelopeId)).resolves.toMatchObject({ envelopeId, status: 'sent' });
      expect(ds.tokenRequests).toBe(before + 1);
    });

    test('consent_required -> consent-required with the URL to grant it', async () => {
      ds.setConsentGranted(false);
      try {
        const err = await failure(createDocuSignClient(settings).getEnvelope('00000000-0000-0000-0000-000000000000'));
        expect(err).toMatchObject({ kind: 'consent-required', permanent: true, code: 'consent_required', status: 400 });
        const url = err.message.match(/https:\/\/\S+/)?.[0] ?? '';
        expect(url).toBe(
          `https://${ds.oAuthBasePath}/oauth/auth?response_type=code&scope=signature%20impersonation&client_id=${IDS.integrationKey}&redirect_uri=REDIRECT_URI`,
        );
        expect(err.message).toMatch(/replace REDIRECT_URI with a redirect URI registered on the integration key/);
      } finally {
        ds.setConsentGranted(true);
      }
    });

    test('a private key DocuSign does not know -> auth, without the key in the message', async () => {
      const other = pem();
      const err = await failure(createDocuSignClient({ ...settings, privateKey: other.privatePem }).getEnvelope('x'));
      expect(err).toMatchObject({ kind: 'auth', permanent: true, code: 'invalid_grant' });
      expect(err.message).toContain('no_valid_keys_or_signatures');
      expect(err.message).not.toContain(other.privatePem.split('\n')[1]);
    });

    test('a private key that is not a key -> auth, before any request', async () => {
      const before = ds.tokenRequests;
      const err = await failure(createDocuSignClient({ ...settings, privateKey: 'not a key' }).getEnvelope('x'));
      expect(err).toMatchObject({ kind: 'auth', permanent: true });
      expect(ds.tokenRequests).toBe(before);
    });

    test('no answer at all -> unavailable', async () => {
      const port = await closedPort();
      const err = await failure(
        createDocuSignClient({ ...settings, basePath: `https://127.0.0.1:${port}/restapi`, oAuthBasePath: `127.0.0.1:${port}` }).getEnvelope('x'),
      );
      expect(err).toMatchObject({ kind: 'unavailable', permanent: false });
      expect(err.message).toMatch(/ECONNREFUSED/);
    });
  });

  describe('envelopes', () => {
    test('the definition DocuSign receives: document, signer, anchor tabs, Connect settings, request id', async () => {
      const { envelopeId, status } = await createDocuSignClient(settings).createEnvelope(input());
      expect(status).toBe('sent');
      expect(envelopeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const def = ds.envelopes.get(envelopeId)!.definition;
      expect(Buffer.from(def.documents[0].documentBase64, 'base64').equals(document)).toBe(true);
      expect(def).toEqual({
        emailSubject: 'Please accept the Microsoft Customer Agreement',
        emailBlurb: 'Nordlys IT asks you to accept the agreement.',
        status: 'sent',
        documents: [{ documentBase64: document.toString('base64'), name: 'Microsoft Customer Agreement.pdf', fileExtension: 'pdf', documentId: '1' }],
        recipients: {
          signers: [
            {
              recipientId: '1',
              routingOrder: '1',
              name: 'Kari Nordmann',
              email: 'kari@fjordkraft.example',
              tabs: {
                signHereTabs: [{ anchorString: '/mca-sign/', anchorUnits: 'pixels', anchorIgnoreIfNotPresent: 'false' }],
                dateSignedTabs: [{ anchorString: '/mca-date/', anchorUnits: 'pixels', anchorIgnoreIfNotPresent: 'false' }],
                fullNameTabs: [{ anchorString: '/mca-name/', anchorUnits: 'pixels', anchorIgnoreIfNotPresent: 'false' }],
              },
            },
          ],
        },
        customFields: { textCustomFields: [{ name: 'mcaRequestId', value: '6750f0c2a1b2c3d4e5f60718', show: 'false' }] },
        eventNotification: {
          url: 'https://mca.example/webhooks/docusign',
          deliveryMode: 'SIM',
          eventData: { version: 'restv2.1', format: 'json', includeData: ['recipients'] },
          events: [
            'envelope-sent',
            'envelope-delivered',
            'envelope-completed',
            'envelope-declined',
            'envelope-voided',
            'recipient-completed',
            'recipient-declined',
            'recipient-autoresponded',
          ],
          includeHMAC: 'true',
          requireAcknowledgment: 'true',
          loggingEnabled: 'true',
        },
      });
    });

    test('from a template: templateId and the signer as template role', async () => {
      const { envelopeId } = await createDocuSignClient(settings).createEnvelope(
        input({ source: { kind: 'template', templateId: 'a1b2c3d4-0000-4000-8000-00000000abcd', roleName: 'Customer' } }),
      );
      const def = ds.envelopes.get(envelopeId)!.definition;
      expect(def).toMatchObject({
        templateId: 'a1b2c3d4-0000-4000-8000-00000000abcd',
        templateRoles: [{ name: 'Kari Nordmann', email: 'kari@fjordkraft.example', roleName: 'Customer' }],
        status: 'sent',
      });
      expect(def.documents).toBeUndefined();
      expect(def.recipients).toBeUndefined();
    });

    test('getEnvelope reads the envelope and its signer in one call, after complete and after decline', async () => {
      const client = createDocuSignClient(settings);
      const signedAt = new Date('2026-11-20T09:30:00.125Z');
      const a = await client.createEnvelope(input());
      expect(await client.getEnvelope(a.envelopeId)).toMatchObject({ status: 'sent', signers: [{ recipientId: '1', status: 'sent' }] });
      ds.complete(a.envelopeId, { signedAt });
      const calls = ds.requests.length;
      expect(await client.getEnvelope(a.envelopeId)).toEqual({
        envelopeId: a.envelopeId,
        status: 'completed',
        completedAt: signedAt,
        signers: [{ recipientId: '1', name: 'Kari Nordmann', email: 'kari@fjordkraft.example', status: 'completed', signedAt, deliveredAt: signedAt }],
      });
      expect(ds.requests.slice(calls)).toEqual([
        { method: 'GET', path: `/restapi/v2.1/accounts/${IDS.accountId}/envelopes/${a.envelopeId}`, query: { include: 'recipients' } },
      ]);

      const b = await client.createEnvelope(input());
      const declinedAt = new Date('2026-11-20T10:00:00Z');
      ds.decline(b.envelopeId, 'Vi er ikke autorisert', declinedAt);
      expect(await client.getEnvelope(b.envelopeId)).toMatchObject({
        status: 'declined',
        declinedAt,
        signers: [{ status: 'declined', declinedAt, declinedReason: 'Vi er ikke autorisert' }],
      });
    });

    test('getDocument returns the combined PDF and the certificate as Buffers', async () => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      ds.complete(envelopeId);
      const combined = await client.getDocument(envelopeId, 'combined');
      const certificate = await client.getDocument(envelopeId, 'certificate');
      for (const pdf of [combined, certificate]) {
        expect(Buffer.isBuffer(pdf)).toBe(true);
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pdf.subarray(-6).toString()).toBe('%%EOF\n');
      }
      expect(combined.toString('latin1')).toContain('Combined documents');
      expect(certificate.toString('latin1')).toContain('Certificate of Completion');
    });

    test('an unknown envelope is not-found (DocuSign answers 400 ENVELOPE_DOES_NOT_EXIST), also for a download', async () => {
      const client = createDocuSignClient(settings);
      const missing = 'deadbeef-0000-4000-8000-000000000000';
      for (const call of [client.getEnvelope(missing), client.getDocument(missing, 'certificate'), client.voidEnvelope(missing, 'x')]) {
        const err = await failure(call);
        expect(err).toMatchObject({ kind: 'not-found', permanent: true, status: 400, code: 'ENVELOPE_DOES_NOT_EXIST' });
      }
    });

    test('void with a reason; voiding a finished envelope is an invalid request', async () => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      await client.voidEnvelope(envelopeId, 'Cancelled by the partner');
      expect(ds.envelopes.get(envelopeId)).toMatchObject({ status: 'voided', voidedReason: 'Cancelled by the partner' });
      expect(await client.getEnvelope(envelopeId)).toMatchObject({ status: 'voided', voidedReason: 'Cancelled by the partner', voidedAt: expect.any(Date) });
      const err = await failure(client.voidEnvelope(envelopeId, 'again'));
      expect(err).toMatchObject({ kind: 'invalid-request', permanent: true, status: 400, code: 'ENVELOPE_CANNOT_VOID_INVALID_STATE' });
    });

    test('resend asks DocuSign with resend_envelope=true', async () => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      await client.resendEnvelope(envelopeId);
      expect(ds.envelopes.get(envelopeId)?.resent).toBe(1);
      expect(ds.requests.at(-1)).toMatchObject({ method: 'PUT', query: { resend_envelope: 'true' } });
      ds.complete(envelopeId);
      expect(await failure(client.resendEnvelope(envelopeId))).toMatchObject({ kind: 'invalid-request', code: 'ENVELOPE_INVALID_STATUS' });
    });
  });

  describe('failures from DocuSign', () => {
    test('429 -> rate-limited; the spent burst window means 30 s, Retry-After wins when sent', async () => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      ds.rateLimitNext(1, 429);
      expect(await failure(client.getEnvelope(envelopeId))).toMatchObject({ kind: 'rate-limited', permanent: false, status: 429, retryAfterMs: 30_000 });
      ds.rateLimitNext(1, 429, { retryAfterSeconds: 7 });
      expect(await failure(client.getEnvelope(envelopeId))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7_000 });
      await expect(client.getEnvelope(envelopeId)).resolves.toMatchObject({ envelopeId });
    });

    test('400 HOURLY_APIINVOCATION_LIMIT_EXCEEDED -> rate-limited until X-RateLimit-Reset', async () => {
      const client = createDocuSignClient(settings);
      ds.rateLimitNext(1, 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED');
      const err = await failure(client.createEnvelope(input()));
      expect(err).toMatchObject({ kind: 'rate-limited', permanent: false, status: 400, code: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED' });
      const untilNextHour = Math.ceil(Date.now() / 3_600_000) * 3_600_000 - Date.now();
      expect(Math.abs((err.retryAfterMs ?? 0) - untilNextHour)).toBeLessThan(5_000);

      ds.rateLimitNext(1, 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', { resetInSeconds: 2 });
      const soon = await failure(client.createEnvelope(input()));
      expect(soon.retryAfterMs).toBeGreaterThan(0);
      expect(soon.retryAfterMs).toBeLessThanOrEqual(3_000);
    });

    test.each([
      [500, 'unavailable', false],
      [503, 'unavailable', false],
      [404, 'not-found', true],
      [403, 'auth', true],
      [422, 'invalid-request', true],
    ] as const)('HTTP %i -> %s', async (status, kind, permanent) => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      ds.failNext(1, status);
      expect(await failure(client.getEnvelope(envelopeId))).toMatchObject({ kind, permanent, status });
    });

    test('a failed download reads the error body the SDK hands over as a stream', async () => {
      const client = createDocuSignClient(settings);
      const { envelopeId } = await client.createEnvelope(input());
      ds.failNext(1, 500);
      const err = await failure(client.getDocument(envelopeId, 'combined'));
      expect(err).toMatchObject({ kind: 'unavailable', status: 500, code: 'UNSPECIFIED_ERROR' });
    });
  });

  test("the stand-in's Connect bodies parse like the real captures", async () => {
    const client = createDocuSignClient(settings);
    const { envelopeId } = await client.createEnvelope(input());
    const signedAt = new Date('2026-11-20T09:30:00Z');
    ds.complete(envelopeId, { signedAt });
    const generatedAt = new Date('2026-11-20T09:30:01.5Z');
    const json = parseConnectMessage(ds.connectMessage(envelopeId, 'envelope-completed', { summary: true, generatedAt }), 'application/json');
    expect(json).toMatchObject({ format: 'json-sim', event: 'envelope-completed', envelopeId, generatedAt });
    expect(json.envelope).toEqual(await client.getEnvelope(envelopeId));
    expect(json.dedupKey).toBe(`${envelopeId}|envelope-completed||2026-11-20T09:30:01.5000000Z`);

    const recipient = parseConnectMessage(ds.connectMessage(envelopeId, 'recipient-completed', { summary: false, recipientId: '1' }), 'application/json');
    expect(recipient).toMatchObject({ event: 'recipient-completed', recipientId: '1' });
    expect(recipient.envelope).toBeUndefined();

    const xml = parseConnectMessage(ds.legacyXml(envelopeId), 'text/xml');
    expect(xml).toMatchObject({ format: 'xml-legacy', event: 'envelope-completed', envelopeId, envelope: { status: 'completed', completedAt: signedAt } });
    expect(xml.envelope?.signers[0]).toMatchObject({ status: 'completed', signedAt, email: 'kari@fjordkraft.example' });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
