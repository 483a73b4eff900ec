import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { startAnotherInstance, startTestService, type TestInstance, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { createApiKeyCache } from '../../services/api/src/http/api-key-cache';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** API keys: several per partner, scoped, listed without their secret, revoked on every instance. */
describe('API keys', () => {
  let svc: TestService;
  let other: TestInstance;

  beforeAll(async () => {
    svc = await startTestService({ workers: false });
    other = await startAnotherInstance(svc);
  });
  afterAll(async () => {
    await other?.stop();
    await svc?.stop();
  });

  const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, title: code });
  };
  const newKey = async (token: string, json: unknown, baseUrl = svc.baseUrl) => {
    const res = await call(baseUrl, 'POST', '/v1/api-keys', { token, json });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; scope: string; apiKey: string };
  };
  const list = async (token: string) => {
    const res = await call(svc.baseUrl, 'GET', '/v1/api-keys', { token });
    expect(res.status).toBe(200);
    return res.body.items as { id: string; name: string; scope: string; createdAt: string; lastUsedAt?: string }[];
  };

  test('the key created with the partner is its first key (scope full); more keys are shown once and stored as SHA-256 only', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys A' });
    const first = await list(p.apiKey);
    expect(first).toEqual([expect.objectContaining({ id: expect.any(String), name: 'primary', scope: 'full', createdAt: expect.any(String) })]);

    const created = await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: p.apiKey, json: { name: 'billing system' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'billing system', scope: 'full', apiKey: expect.stringMatching(/^mca_[A-Za-z0-9_-]{43}$/) });
    expect(created.body.apiKey).not.toBe(p.apiKey);
    // The new key works, and what is kept is its hash, never the key.
    expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: created.body.apiKey })).status).toBe(200);
    const stored = await svc.ctx.db.conn.collection('api_keys').findOne({ _id: new Types.ObjectId(created.body.id as string) });
    expect(stored).toMatchObject({ keyHash: sha256(created.body.apiKey), scope: 'full', name: 'billing system' });
    expect(JSON.stringify(stored)).not.toContain(created.body.apiKey);

    const listed = await list(p.apiKey);
    expect(listed.map((k) => k.name)).toEqual(['primary', 'billing system']);
    expect(JSON.stringify(listed)).not.toContain(created.body.apiKey);
    expect(JSON.stringify(listed)).not.toContain(sha256(created.body.apiKey));
    for (const k of listed) expect(['createdAt', 'id', 'lastUsedAt', 'name', 'scope']).toEqual(expect.arrayContaining(Object.keys(k)));

    expectProblem(await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: p.apiKey, json: { name: '' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: p.apiKey, json: { name: 'x', scope: 'admin' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/api-keys', { json: { name: 'x' } }), 401, 'UNAUTHENTICATED');
  });

  test('an orders key may only ask POST /v1/orders/authorize', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys B' });
    const customer = await createCustomer(svc.baseUrl, p.apiKey);
    const orders = await newKey(p.apiKey, { name: 'ordering system', scope: 'orders' });
    expect(orders.scope).toBe('orders');

    const ask = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
      token: orders.apiKey,
      json: { customerId: customer.id, action: 'new-order', program: 'SPLA' },
    });
    expect(ask.status).toBe(200);
    expect(ask.body).toEqual({ allowed: true });

    expectProblem(await call(svc.baseUrl, 'GET', '/v1/customers', { token: orders.apiKey }), 403, 'FORBIDDEN_SCOPE');
    expectProblem(await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: orders.apiKey }), 403, 'FORBIDDEN_SCOPE');
    expectProblem(
      await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
        token: orders.apiKey,
        json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@kunde.example' } },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectProblem(await call(svc.baseUrl, 'GET', '/v1/api-keys', { token: orders.apiKey }), 403, 'FORBIDDEN_SCOPE');
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: orders.apiKey, json: { name: 'escalate' } }), 403, 'FORBIDDEN_SCOPE');
    expectProblem(await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${orders.id}`, { token: orders.apiKey }), 403, 'FORBIDDEN_SCOPE');
  });

  test("another partner's key id answers 404 and is not listed", async () => {
    const a = await createPartner(svc.baseUrl, { name: 'Keys C' });
    const b = await createPartner(svc.baseUrl, { name: 'Keys D' });
    const aKey = await newKey(a.apiKey, { name: 'a second' });
    expectProblem(await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${aKey.id}`, { token: b.apiKey }), 404, 'NOT_FOUND');
    expect((await list(b.apiKey)).map((k) => k.id)).not.toContain(aKey.id);
    expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: aKey.apiKey })).status).toBe(200);
    expectProblem(await call(svc.baseUrl, 'DELETE', '/v1/api-keys/not-an-id', { token: b.apiKey }), 400, 'VALIDATION_FAILED');
  });

  test('rotation without downtime: create a new key, switch, delete the old one; the last full key cannot be deleted', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys E' });
    const [original] = await list(p.apiKey);
    const orders = await newKey(p.apiKey, { name: 'orders', scope: 'orders' });
    // The partner's only full key: deleting it would leave nobody able to manage keys.
    const refused = await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${original!.id}`, { token: p.apiKey });
    expectProblem(refused, 409, 'LAST_FULL_KEY');
    expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: p.apiKey })).status).toBe(200);

    const next = await newKey(p.apiKey, { name: 'rotated' });
    const deleted = await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${original!.id}`, { token: next.apiKey });
    expect(deleted.status).toBe(204);
    expectProblem(await call(svc.baseUrl, 'GET', '/v1/customers', { token: p.apiKey }), 401, 'UNAUTHENTICATED');
    expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: next.apiKey })).status).toBe(200);
    expectProblem(await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${original!.id}`, { token: next.apiKey }), 404, 'NOT_FOUND');
    // An orders key is not a way back in: the last full key stays.
    expectProblem(await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${next.id}`, { token: next.apiKey }), 409, 'LAST_FULL_KEY');
    expect((await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${orders.id}`, { token: next.apiKey })).status).toBe(204);
  });

  test('two instances deleting the last two full keys at once leave the partner at least one', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await createPartner(svc.baseUrl, { name: `Keys race ${round}` });
      const [first] = await list(p.apiKey);
      const second = await newKey(p.apiKey, { name: 'second' });
      const statuses = await Promise.all([
        call(svc.baseUrl, 'DELETE', `/v1/api-keys/${first!.id}`, { token: second.apiKey }),
        call(other.baseUrl, 'DELETE', `/v1/api-keys/${second.id}`, { token: p.apiKey }),
      ]).then((all) => all.map((r) => r.status));
      expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(1);
      // 401: the other delete had already revoked this call's own key.
      for (const s of statuses) expect([204, 401, 409]).toContain(s);
      const left = await svc.ctx.models.apiKeys.countDocuments({ partnerId: new Types.ObjectId(p.id), scope: 'full' });
      expect(left).toBeGreaterThanOrEqual(1);
      expect(left).toBe(2 - statuses.filter((s) => s === 204).length);
    }
  });

  test('a key revoked through one instance is refused by another within 5 s', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys F' });
    const doomed = await newKey(p.apiKey, { name: 'doomed' });
    // Instance 2 has seen the key (and holds it in its cache).
    for (let i = 0; i < 3; i++) expect((await call(other.baseUrl, 'GET', '/v1/customers', { token: doomed.apiKey })).status).toBe(200);

    expect((await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${doomed.id}`, { token: p.apiKey })).status).toBe(204);
    const revokedAt = Date.now();
    expectProblem(await call(svc.baseUrl, 'GET', '/v1/customers', { token: doomed.apiKey }), 401, 'UNAUTHENTICATED');
    const refused = await waitFor(
      async () => ((await call(other.baseUrl, 'GET', '/v1/customers', { token: doomed.apiKey })).status === 401 ? Date.now() : undefined),
      'instance 2 to refuse the revoked key',
      5_000,
    );
    expect(refused - revokedAt).toBeLessThanOrEqual(5_000);
    expect((await call(other.baseUrl, 'GET', '/v1/customers', { token: p.apiKey })).status).toBe(200);
  });

  test('the revocation reaches the other instance over Redis, not by its cache expiring', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys H' });
    const doomed = await newKey(p.apiKey, { name: 'doomed' });
    // A cache on instance 2 whose entries would outlive the whole test.
    const cache = createApiKeyCache(other.ctx, { ttlMs: 10 * 60_000 });
    await cache.listening;
    expect(await cache.lookup(sha256(doomed.apiKey))).toMatchObject({ scope: 'full', partner: { name: 'Keys H' } });
    expect((await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${doomed.id}`, { token: p.apiKey })).status).toBe(204);
    await waitFor(async () => ((await cache.lookup(sha256(doomed.apiKey))) === undefined ? true : undefined), 'the revocation to reach instance 2', 5_000);
    expect(await cache.lookup(sha256(p.apiKey))).toMatchObject({ scope: 'full' });
  });

  test('lastUsedAt is written at most once a minute per key, not on every request', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys G' });
    const customer = await createCustomer(svc.baseUrl, p.apiKey);
    const orders = await newKey(p.apiKey, { name: 'orders', scope: 'orders' });
    const keys = svc.ctx.db.conn.collection('api_keys');
    const _id = new Types.ObjectId(orders.id);
    expect((await list(p.apiKey)).find((k) => k.id === orders.id)?.lastUsedAt).toBeUndefined();

    const authorize = (baseUrl: string) =>
      call(baseUrl, 'POST', '/v1/orders/authorize', { token: orders.apiKey, json: { customerId: customer.id, action: 'new-order', program: 'SPLA' } });
    expect((await authorize(svc.baseUrl)).status).toBe(200);
    const firstUse = await waitFor(async () => (await keys.findOne({ _id }))?.lastUsedAt as Date | undefined, 'lastUsedAt to be recorded');
    for (let i = 0; i < 10; i++) expect((await authorize(i % 2 ? svc.baseUrl : other.baseUrl)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(((await keys.findOne({ _id }))?.lastUsedAt as Date).getTime()).toBe(firstUse.getTime());
    expect((await list(p.apiKey)).find((k) => k.id === orders.id)?.lastUsedAt).toBe(firstUse.toISOString());

    // A minute later (the stored value made old), the next use after the cache refreshes writes it again.
    const longAgo = new Date(Date.now() - 120_000);
    await keys.updateOne({ _id }, { $set: { lastUsedAt: longAgo } });
    await waitFor(
      async () => {
        await authorize(svc.baseUrl);
        const at = (await keys.findOne({ _id }))?.lastUsedAt as Date;
        return at.getTime() > firstUse.getTime() ? at : undefined;
      },
      'lastUsedAt to move on',
      15_000,
    );
  });

  test('a partner created before keys had their collection keeps its key (migrated at start), and it can be revoked', async () => {
    const legacyKey = `mca_${'L'.repeat(43)}`;
    const partnerId = new Types.ObjectId();
    await svc.ctx.db.conn
      .collection('partners')
      .insertOne({ _id: partnerId, name: 'Legacy partner', apiKeyHash: sha256(legacyKey), createdAt: new Date('2025-01-01') });
    // The next instance to start (a deploy) migrates the database.
    const third = await startAnotherInstance(svc);
    try {
      expect((await call(third.baseUrl, 'GET', '/v1/customers', { token: legacyKey })).status).toBe(200);
      expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: legacyKey })).status).toBe(200);
      expect(await list(legacyKey)).toEqual([expect.objectContaining({ name: 'primary', scope: 'full', createdAt: '2025-01-01T00:00:00.000Z' })]);
      expect(await svc.ctx.db.conn.collection('partners').findOne({ _id: partnerId })).not.toHaveProperty('apiKeyHash');

      const replacement = await newKey(legacyKey, { name: 'new' }, third.baseUrl);
      const [old] = (await list(replacement.apiKey)).filter((k) => k.name === 'primary');
      expect((await call(third.baseUrl, 'DELETE', `/v1/api-keys/${old!.id}`, { token: replacement.apiKey })).status).toBe(204);
      await waitFor(
        async () => ((await call(svc.baseUrl, 'GET', '/v1/customers', { token: legacyKey })).status === 401 ? true : undefined),
        'the legacy key refused',
        5_000,
      );
    } finally {
      await third.stop();
    }
  });

  test('a partner holds 50 keys at most', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Keys I' });
    for (let i = 1; i < 50; i++) await newKey(p.apiKey, { name: `key ${i}`, scope: 'orders' });
    expectProblem(await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: p.apiKey, json: { name: 'one too many' } }), 409, 'TOO_MANY_API_KEYS');
    expect(await list(p.apiKey)).toHaveLength(50);
  });

  test('the OpenAPI document describes the key endpoints', async () => {
    const doc = await call(svc.baseUrl, 'GET', '/openapi.json');
    expect(doc.body.paths['/v1/api-keys']).toMatchObject({ post: expect.any(Object), get: expect.any(Object) });
    expect(doc.body.paths['/v1/api-keys/{id}']).toMatchObject({ delete: expect.any(Object) });
  });
});
