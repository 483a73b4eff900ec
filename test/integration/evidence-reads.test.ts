import { call, createCustomer, createPartner, download, uploadSignedCopy } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';

/**
 * Every read of a customer's personal data or evidence is an `evidence.read` on its chain
 * (issue 12), saying who (the partner and its key, or the console) and what; the same read by
 * the same reader within a minute is one event; another partner's attempt (404) and the order
 * gate append nothing.
 */
describe('evidence.read on every read', () => {
  let svc: TestService;
  let owner: { id: string; apiKey: string; keyId: string };
  let other: { apiKey: string };
  let customer: { id: string; tenantId: string };
  let requestId: string;
  let recordId: string;

  const reads = (customerId: string) => svc.ctx.models.auditEvents.find({ customerId, type: 'evidence.read' }, { data: 1, _id: 0 }).sort({ seq: 1 }).lean();

  /** Lists and the report append through the audit-reads queue: wait until it has nothing left to do. */
  const settled = async () => {
    const q = svc.ctx.queues.queue('audit-reads');
    for (let i = 0; i < 200; i++) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(c).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('audit-reads queue never drained');
  };

  /** Two reads a test means to fall in one minute do: none starts in a minute's last seconds. */
  const withinOneMinute = async () => {
    const s = new Date().getUTCSeconds();
    if (s >= 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
  };

  beforeAll(async () => {
    svc = await startTestService();
    const p = await createPartner(svc.baseUrl, { name: 'Lesezeichen IT' });
    const keys = await call(svc.baseUrl, 'GET', '/v1/api-keys', { token: p.apiKey });
    owner = { id: p.id, apiKey: p.apiKey, keyId: keys.body.items[0].id };
    other = await createPartner(svc.baseUrl, { name: 'Nachbar IT' });
    customer = await createCustomer(svc.baseUrl, owner.apiKey);
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: owner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example' } },
    });
    requestId = created.body.id;
    await uploadSignedCopy(svc.baseUrl, owner.apiKey, customer.id);
    // From the store, not the API: the API's read would be one of the reads under test.
    recordId = (await svc.ctx.models.consentRecords.findOne({ customerId: customer.id }).lean())!._id.toString();
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const byPartner = () => `partner:${owner.id}/key:${owner.keyId}`;
  const paths = () => [
    { what: 'customer', path: `/v1/customers/${customer.id}` },
    { what: `consent-request:${requestId}`, path: `/v1/customers/${customer.id}/consent-requests/${requestId}` },
    { what: 'consents', path: `/v1/customers/${customer.id}/consent-records` },
    { what: `document:scan:${recordId}`, path: `/v1/customers/${customer.id}/consent-records/${recordId}/documents/scan` },
    { what: 'evidence-pack', path: `/v1/customers/${customer.id}/evidence-pack` },
    { what: 'customer-list', path: '/v1/customers' },
    { what: 'consent-report', path: '/v1/reports/consents.csv' },
  ];

  test('each API read appends exactly one event naming the partner, its key and what; the same read again within the minute none', async () => {
    for (const { what, path } of paths()) {
      await withinOneMinute();
      const before = await reads(customer.id);
      const first = await download(svc.baseUrl, path, owner.apiKey);
      expect(first.status).toBe(200);
      await settled();
      const after = await reads(customer.id);
      expect(after.slice(before.length)).toEqual([{ data: { by: byPartner(), what } }]);

      const again = await download(svc.baseUrl, path, owner.apiKey);
      expect(again.status).toBe(200);
      await settled();
      expect(await reads(customer.id)).toHaveLength(after.length);
    }
  });

  test("another partner's attempts are 404 and append nothing; neither does the order gate", async () => {
    const before = await reads(customer.id);
    for (const { path } of paths().filter((p) => p.path.includes(customer.id))) {
      expect((await download(svc.baseUrl, path, other.apiKey)).status).toBe(404);
    }
    // The other partner's own list and report do not show this customer, so append nothing to its chain.
    expect((await download(svc.baseUrl, '/v1/customers', other.apiKey)).status).toBe(200);
    expect((await download(svc.baseUrl, '/v1/reports/consents.csv', other.apiKey)).status).toBe(200);
    const gate = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
      token: owner.apiKey,
      json: { customerId: customer.id, action: 'new-order', program: 'CSP' },
    });
    expect(gate.status).toBe(200);
    await settled();
    expect(await reads(customer.id)).toEqual(before);
  });

  test('the console: the customer page, its document link and the customer list are reads by the console', async () => {
    const byConsole = `console:${owner.id}/key:${owner.keyId}`;
    for (const { what, path } of [
      { what: 'console:customer-page', path: `/customers/${customer.id}` },
      { what: `document:scan:${recordId}`, path: `/customers/${customer.id}/records/${recordId}/documents/scan` },
      { what: 'console:customer-list', path: '/customers' },
    ]) {
      await withinOneMinute();
      const before = await reads(customer.id);
      expect((await download(svc.baseUrl, path, owner.apiKey)).status).toBe(200);
      expect((await download(svc.baseUrl, path, owner.apiKey)).status).toBe(200);
      await settled();
      expect((await reads(customer.id)).slice(before.length)).toEqual([{ data: { by: byConsole, what } }]);
    }
  });

  test('a list appends one read per customer shown, queued as one job for the page', async () => {
    const more = await Promise.all([...Array(30)].map(() => createCustomer(svc.baseUrl, owner.apiKey)));
    await withinOneMinute();
    const page = await call(svc.baseUrl, 'GET', '/v1/customers?limit=200', { token: owner.apiKey });
    expect(page.body.items).toHaveLength(31);
    await settled();
    for (const c of more) expect((await reads(c.id)).map((e) => e.data)).toEqual([{ by: byPartner(), what: 'customer-list' }]);
    await call(svc.baseUrl, 'GET', '/v1/customers?limit=200', { token: owner.apiKey });
    await settled();
    expect(await svc.ctx.models.auditEvents.countDocuments({ customerId: { $in: more.map((c) => c.id) }, type: 'evidence.read' })).toBe(30);
  });
});
