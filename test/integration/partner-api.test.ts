import { createHash } from 'node:crypto';
import { readEvidence } from '@mca/core';
import { call, createCustomer, createPartner, digestOf, download, TENANT } from '../harness/api-client';
import { ADMIN_TOKEN, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('partner API: auth, validation, isolation, attestations, order authorization', () => {
  let svc: TestService;
  let a: { apiKey: string };
  let b: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService();
    a = await createPartner(svc.baseUrl, { name: 'Partner A', notifyEmail: 'a@partner-a.example' });
    b = await createPartner(svc.baseUrl, { name: 'Partner B' });
  });
  afterAll(async () => svc?.stop());

  const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, title: code });
    expect(typeof res.body.detail).toBe('string');
  };

  test('admin API needs the admin token; partner keys are stored hashed', async () => {
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/partners', { json: { name: 'x' } }), 401, 'UNAUTHENTICATED');
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/partners', { token: 'wrong-token-wrong-token', json: { name: 'x' } }), 401, 'UNAUTHENTICATED');
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/partners', { token: ADMIN_TOKEN, json: { name: '' } }), 400, 'VALIDATION_FAILED');
    const created = await call(svc.baseUrl, 'POST', '/v1/partners', { token: ADMIN_TOKEN, json: { name: 'NoHook' } });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toBeUndefined();
    const stored = await svc.ctx.models.partners.findById(created.body.id).lean();
    expect(JSON.stringify(stored)).not.toContain(created.body.apiKey);
  });

  test('partner endpoints need a known API key', async () => {
    expectProblem(await call(svc.baseUrl, 'GET', '/v1/customers'), 401, 'UNAUTHENTICATED');
    expectProblem(await call(svc.baseUrl, 'GET', '/v1/customers', { token: 'mca_not-a-key' }), 401, 'UNAUTHENTICATED');
  });

  test('customers are validated, unique per tenant, and invisible to other partners', async () => {
    const bad = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: a.apiKey,
      json: { tenantId: 'not-a-guid', name: 'X', country: 'Norway', language: 'nb' },
    });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['tenantId', 'country']));
    // Two letters are not enough: the code must be a country's.
    const unassigned = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: a.apiKey,
      json: { tenantId: TENANT(), name: 'X', country: 'XX', language: 'nb' },
    });
    expectProblem(unassigned, 400, 'VALIDATION_FAILED');
    expect(unassigned.body.errors).toEqual([expect.objectContaining({ path: 'country', message: expect.stringMatching(/not assigned/) })]);
    expectProblem(
      await call(svc.baseUrl, 'POST', '/v1/customers', { token: a.apiKey, json: { tenantId: TENANT(), name: 'X', country: 'NO', language: 'nb', extra: 1 } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await call(svc.baseUrl, 'POST', '/v1/customers', { token: a.apiKey, body: '{"tenantId":', contentType: 'application/json' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/customers', { token: a.apiKey, json: { name: 'x'.repeat(40_000) } }), 413, 'PAYLOAD_TOO_LARGE');

    const tenantId = TENANT().toUpperCase();
    const created = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: a.apiKey,
      json: { tenantId, name: 'Kunde AS', country: 'no', language: 'nb-NO' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      tenantId: tenantId.toLowerCase(),
      name: 'Kunde AS',
      country: 'NO',
      language: 'nb-NO',
      confidential: false,
      mca: { status: 'not-requested' },
      ordering: { status: 'locked' },
    });
    expectProblem(
      await call(svc.baseUrl, 'POST', '/v1/customers', { token: a.apiKey, json: { tenantId, name: 'Again', country: 'NO', language: 'nb' } }),
      409,
      'CUSTOMER_EXISTS',
    );
    // Another partner may have the same tenant as its own customer, and cannot see A's.
    expect(
      (await call(svc.baseUrl, 'POST', '/v1/customers', { token: b.apiKey, json: { tenantId, name: 'B view', country: 'NO', language: 'nb' } })).status,
    ).toBe(201);
    expectProblem(await call(svc.baseUrl, 'GET', `/v1/customers/${created.body.id}`, { token: b.apiKey }), 404, 'NOT_FOUND');
    expectProblem(
      await call(svc.baseUrl, 'POST', `/v1/customers/${created.body.id}/consent-requests`, {
        token: b.apiKey,
        json: { channel: 'email', representative: { firstName: 'A', lastName: 'B', email: 'a@b.example' } },
      }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(svc.baseUrl, 'POST', '/v1/orders/authorize', { token: b.apiKey, json: { customerId: created.body.id, action: 'new-order', program: 'CSP' } }),
      404,
      'NOT_FOUND',
    );
    const listB = await call(svc.baseUrl, 'GET', '/v1/customers', { token: b.apiKey });
    expect(listB.body.items.map((c: { name: string }) => c.name)).toEqual(['B view']);
  });

  test('customer list pages with a cursor and filters by MCA status', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Lister' });
    for (let i = 0; i < 5; i++) await createCustomer(svc.baseUrl, p.apiKey, { name: `C${i}` });
    const first = await call(svc.baseUrl, 'GET', '/v1/customers?limit=2', { token: p.apiKey });
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['C0', 'C1']);
    const second = await call(svc.baseUrl, 'GET', `/v1/customers?limit=2&cursor=${first.body.nextCursor}`, { token: p.apiKey });
    expect(second.body.items.map((c: { name: string }) => c.name)).toEqual(['C2', 'C3']);
    const third = await call(svc.baseUrl, 'GET', `/v1/customers?limit=2&cursor=${second.body.nextCursor}`, { token: p.apiKey });
    expect(third.body).toMatchObject({ items: [{ name: 'C4' }], nextCursor: null });
    expect((await call(svc.baseUrl, 'GET', '/v1/customers?mcaStatus=accepted', { token: p.apiKey })).body.items).toEqual([]);
    expectProblem(await call(svc.baseUrl, 'GET', '/v1/customers?mcaStatus=maybe', { token: p.apiKey }), 400, 'VALIDATION_FAILED');
  });

  test('consent requests: validated, one at a time, cancel and unavailable channels', async () => {
    const c = await createCustomer(svc.baseUrl, a.apiKey);
    const path = `/v1/customers/${c.id}/consent-requests`;
    expectProblem(
      await call(svc.baseUrl, 'POST', path, { token: a.apiKey, json: { channel: 'email', representative: { firstName: 'K', lastName: 'N', email: 'nope' } } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await call(svc.baseUrl, 'POST', path, {
        token: a.apiKey,
        json: { channel: 'docusign', representative: { firstName: 'K', lastName: 'N', email: 'k@n.example' } },
      }),
      422,
      'CHANNEL_UNAVAILABLE',
    );
    const first = await call(svc.baseUrl, 'POST', path, {
      token: a.apiKey,
      json: { channel: 'email', representative: { firstName: 'K', lastName: 'N', email: 'k@n.example' } },
    });
    expect(first.status).toBe(202);
    const second = await call(svc.baseUrl, 'POST', path, {
      token: a.apiKey,
      json: { channel: 'email', representative: { firstName: 'K', lastName: 'N', email: 'k@n.example' } },
    });
    expectProblem(second, 409, 'CONSENT_REQUEST_PENDING');
    expect(second.body.requestId).toBe(first.body.id);

    const cancelled = await call(svc.baseUrl, 'POST', `${path}/${first.body.id}/cancel`, { token: a.apiKey });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await call(svc.baseUrl, 'GET', `/v1/customers/${c.id}`, { token: a.apiKey })).body.mca.status).toBe('not-requested');
    expectProblem(await call(svc.baseUrl, 'POST', `${path}/${first.body.id}/cancel`, { token: a.apiKey }), 409, 'INVALID_STATE');
    expectProblem(await call(svc.baseUrl, 'GET', `${path}/${first.body.id}`, { token: b.apiKey }), 404, 'NOT_FOUND');
  });

  test('consent records and their evidence documents: served as kept, only to their partner, never when altered', async () => {
    const c = await createCustomer(svc.baseUrl, a.apiKey);
    expect((await call(svc.baseUrl, 'GET', `/v1/customers/${c.id}/consent-records`, { token: a.apiKey })).body).toEqual({ items: [] });
    const f = new FormData();
    for (const [k, v] of Object.entries({ firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example', dateAgreed: '2024-03-01' })) f.append(k, v);
    f.append('evidence', new Blob([PDF]), 'signed-mca.pdf');
    // The path's first name, kept as an alias of signed-copies.
    expect((await call(svc.baseUrl, 'POST', `/v1/customers/${c.id}/attestations`, { token: a.apiKey, body: f })).status).toBe(201);

    const list = await call(svc.baseUrl, 'GET', `/v1/customers/${c.id}/consent-records`, { token: a.apiKey });
    expect(list.status).toBe(200);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(list.body.items).toMatchObject([
      {
        customerId: c.id,
        layer: 'written',
        method: 'attestation',
        representative: { firstName: 'Ola', email: 'ola@kunde.example' },
        dateAgreed: '2024-03-01T00:00:00.000Z',
        evidence: {
          kind: 'attestation',
          summary: { fileName: 'signed-mca.pdf' },
          documents: [{ name: 'scan', contentType: 'application/pdf', sha256, size: PDF.length }],
        },
      },
    ]);
    const url: string = list.body.items[0].evidence.documents[0].url;
    const doc = await download(svc.baseUrl, url, a.apiKey);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(doc.headers.get('content-disposition')).toContain('signed-mca.pdf');
    expect(doc.bytes.equals(PDF)).toBe(true);
    expect(digestOf(doc.headers)).toBe(sha256);

    // Another partner sees neither the records nor the document; unknown names and ids are 404/400.
    expectProblem(await call(svc.baseUrl, 'GET', `/v1/customers/${c.id}/consent-records`, { token: b.apiKey }), 404, 'NOT_FOUND');
    expectProblem(await call(svc.baseUrl, 'GET', url, { token: b.apiKey }), 404, 'NOT_FOUND');
    expectProblem(await call(svc.baseUrl, 'GET', url.replace(/scan$/, 'certificate'), { token: a.apiKey }), 404, 'NOT_FOUND');
    expectProblem(await call(svc.baseUrl, 'GET', url.replace(/scan$/, 'passwd'), { token: a.apiKey }), 400, 'VALIDATION_FAILED');

    // Bytes changed behind the service's back are refused, not served.
    const file = await svc.ctx.models.evidenceFiles.findOne({ customerId: c.id }).lean();
    const forged = Buffer.from(PDF);
    forged[forged.length - 2] = 0x58; // %%EOX
    const tampered = await svc.ctx.models.evidenceFiles.db
      .collection('evidence.chunks')
      .updateOne({ files_id: file!.blobId, n: 0 }, { $set: { data: forged } });
    expect(tampered.modifiedCount).toBe(1);
    expectProblem(await call(svc.baseUrl, 'GET', url, { token: a.apiKey }), 500, 'EVIDENCE_ALTERED');
  });

  test('signed copy: scanned signature stored and hashed, consent confirmed as method attestation, tenant unlocked', async () => {
    const c = await createCustomer(svc.baseUrl, a.apiKey);
    const path = `/v1/customers/${c.id}/signed-copies`;
    const form = (file?: Blob, fields: Record<string, string> = {}) => {
      const f = new FormData();
      const all = { firstName: 'Ola', lastName: 'Nordmann', email: 'Ola@Kunde.example', phone: '+47 22 00 00 00', dateAgreed: '2024-03-01', ...fields };
      for (const [k, v] of Object.entries(all)) f.append(k, v);
      if (file) f.append('evidence', file, 'signed-mca.pdf');
      return f;
    };
    expectProblem(await call(svc.baseUrl, 'POST', path, { token: a.apiKey, body: form() }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(svc.baseUrl, 'POST', path, { token: a.apiKey, body: form(new Blob(['hello'])) }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(
      await call(svc.baseUrl, 'POST', path, { token: a.apiKey, body: form(new Blob([PDF]), { dateAgreed: '2999-01-01' }) }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await call(svc.baseUrl, 'POST', path, { token: b.apiKey, body: form(new Blob([PDF])) }), 404, 'NOT_FOUND');
    expectProblem(await call(svc.baseUrl, 'POST', path, { token: a.apiKey, json: { firstName: 'x' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');

    const ok = await call(svc.baseUrl, 'POST', path, { token: a.apiKey, body: form(new Blob([PDF])) });
    expect(ok.status).toBe(201);
    const { createHash } = await import('node:crypto');
    expect(ok.body).toMatchObject({
      method: 'attestation',
      representative: { firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example' },
      dateAgreed: '2024-03-01T00:00:00.000Z',
      evidence: { kind: 'attestation', contentType: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') },
    });
    const file = await svc.ctx.models.evidenceFiles.findOne({ customerId: c.id }).lean();
    expect((await readEvidence(svc.ctx, file!.partnerId, file!._id)).data.equals(PDF)).toBe(true);

    const unlocked = await waitFor(async () => {
      const r = await call(svc.baseUrl, 'GET', `/v1/customers/${c.id}`, { token: a.apiKey });
      return r.body.ordering.status === 'unlocked' ? r.body : undefined;
    }, 'unlock after attestation');
    expect(unlocked.mca).toMatchObject({ status: 'accepted', method: 'attestation', acceptedAt: '2024-03-01T00:00:00.000Z' });
    await svc.smtp.waitFor((m) => m.envelope.to.includes('a@partner-a.example'));

    expectProblem(await call(svc.baseUrl, 'POST', path, { token: a.apiKey, body: form(new Blob([PDF])) }), 409, 'MCA_ALREADY_ACCEPTED');
    expectProblem(
      await call(svc.baseUrl, 'POST', `/v1/customers/${c.id}/consent-requests`, {
        token: a.apiKey,
        json: { channel: 'email', representative: { firstName: 'K', lastName: 'N', email: 'k@n.example' } },
      }),
      409,
      'MCA_ALREADY_ACCEPTED',
    );
    // Consent records are immutable.
    await expect(svc.ctx.models.consentRecords.updateOne({ customerId: c.id }, { $set: { method: 'email' } })).rejects.toThrow(/immutable/);
  });

  test('order authorization: SPLA always, CSP only once unlocked, unknown 404, bad input 400', async () => {
    const c = await createCustomer(svc.baseUrl, a.apiKey);
    const ask = (json: unknown) => call(svc.baseUrl, 'POST', '/v1/orders/authorize', { token: a.apiKey, json });
    expect((await ask({ customerId: c.id, action: 'new-order', program: 'SPLA' })).body).toEqual({ allowed: true });
    for (const action of ['new-order', 'quantity-change']) {
      const res = await ask({ tenantId: c.tenantId, action, program: 'CSP' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ allowed: false, code: 'MCA_NOT_ACCEPTED', detail: expect.any(String) });
    }
    expectProblem(await ask({ customerId: '0123456789abcdef01234567', action: 'new-order', program: 'CSP' }), 404, 'NOT_FOUND');
    expectProblem(await ask({ tenantId: TENANT(), action: 'new-order', program: 'CSP' }), 404, 'NOT_FOUND');
    expectProblem(await ask({ customerId: c.id, tenantId: c.tenantId, action: 'new-order', program: 'CSP' }), 400, 'VALIDATION_FAILED');
    expectProblem(await ask({ customerId: c.id, action: 'cancel', program: 'CSP' }), 400, 'VALIDATION_FAILED');
  });

  test('before the enforcement date unconsented CSP orders are allowed', async () => {
    const later = await startTestService({ workers: false, env: { MCA_ENFORCEMENT_DATE: '2999-01-01' } });
    try {
      const p = await createPartner(later.baseUrl, { name: 'Early' });
      const c = await createCustomer(later.baseUrl, p.apiKey);
      const res = await call(later.baseUrl, 'POST', '/v1/orders/authorize', {
        token: p.apiKey,
        json: { customerId: c.id, action: 'new-order', program: 'CSP' },
      });
      expect(res.body).toEqual({ allowed: true });
    } finally {
      await later.stop();
    }
  });

  test('operations endpoints', async () => {
    expect((await call(svc.baseUrl, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(svc.baseUrl, 'GET', '/readyz')).body).toEqual({ status: 'ready', mongo: 'ok', redis: 'ok' });
    const metrics = await call(svc.baseUrl, 'GET', '/metrics');
    expect(metrics.body).toContain('mca_order_authorizations_total');
    const doc = await call(svc.baseUrl, 'GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/customers', '/v1/orders/authorize', '/webhooks/email']));
    expectProblem(await call(svc.baseUrl, 'GET', '/nope'), 404, 'NOT_FOUND');
  });
});
