import { call, createCustomer, createPartner } from '../harness/api-client';
import { startAnotherInstance, startTestService, type TestInstance, type TestService } from '../harness/service';

const REPRESENTATIVE = { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@kunde.example' };

/**
 * Per-partner budgets: one partner cannot spend the deployment's shared email and Partner Center
 * budgets (nor flood the API), and the limits hold across API instances.
 */
describe('per-partner rate limits', () => {
  let svc: TestService;
  let other: TestInstance;

  beforeAll(async () => {
    svc = await startTestService({
      workers: false,
      env: { RATE_LIMIT_PER_MINUTE: '12', RATE_LIMIT_SENDS_PER_MINUTE: '2', RATE_LIMIT_ORDERS_PER_MINUTE: '4' },
    });
    other = await startAnotherInstance(svc);
  });
  afterAll(async () => {
    await other?.stop();
    await svc?.stop();
  });

  const expectRateLimited = (res: { status: number; headers: Headers; body: any }) => {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  };
  const ask = (baseUrl: string, apiKey: string, customerId: string) =>
    call(baseUrl, 'POST', `/v1/customers/${customerId}/consent-requests`, { token: apiKey, json: { channel: 'email', representative: REPRESENTATIVE } });

  test('consent requests spend a tight budget shared by every instance; another partner is unaffected', async () => {
    const a = await createPartner(svc.baseUrl, { name: 'Busy partner' });
    const b = await createPartner(svc.baseUrl, { name: 'Quiet partner' });
    const customers = [];
    for (let i = 0; i < 3; i++) customers.push(await createCustomer(svc.baseUrl, a.apiKey));
    expect((await ask(svc.baseUrl, a.apiKey, customers[0]!.id)).status).toBe(202);
    expect((await ask(other.baseUrl, a.apiKey, customers[1]!.id)).status).toBe(202);
    const refused = await ask(svc.baseUrl, a.apiKey, customers[2]!.id);
    expectRateLimited(refused);
    expectRateLimited(await ask(other.baseUrl, a.apiKey, customers[2]!.id));
    // Refused before anything was queued or stored.
    expect(await svc.ctx.models.consentRequests.countDocuments({ customerId: customers[2]!.id })).toBe(0);
    // Reading is another budget: the partner still sees its customers.
    expect((await call(svc.baseUrl, 'GET', `/v1/customers/${customers[2]!.id}`, { token: a.apiKey })).status).toBe(200);

    const theirs = await createCustomer(svc.baseUrl, b.apiKey);
    expect((await ask(other.baseUrl, b.apiKey, theirs.id)).status).toBe(202);

    // Visible to the operator.
    const metricsText = (await call(svc.baseUrl, 'GET', '/metrics')).body as string;
    expect(Number(/^mca_rate_limited_total\{budget="sends"\} (\d+)/m.exec(metricsText)?.[1])).toBeGreaterThanOrEqual(2);
  });

  test('every other partner call has a budget shared by every instance', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Chatty partner' });
    const q = await createPartner(svc.baseUrl, { name: 'Calm partner' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(i % 2 ? svc.baseUrl : other.baseUrl, 'GET', '/v1/customers', { token: p.apiKey })).status);
    expect(statuses).toEqual(Array(12).fill(200));
    expectRateLimited(await call(svc.baseUrl, 'GET', '/v1/customers', { token: p.apiKey }));
    expectRateLimited(await call(other.baseUrl, 'GET', '/v1/api-keys', { token: p.apiKey }));
    expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: q.apiKey })).status).toBe(200);
  });

  test('order authorization has its own budget, kept in memory per instance (no Redis on the ordering path)', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Ordering partner' });
    const customer = await createCustomer(svc.baseUrl, p.apiKey);
    const authorize = (baseUrl: string, extra: Record<string, unknown> = {}) =>
      call(baseUrl, 'POST', '/v1/orders/authorize', { token: p.apiKey, json: { customerId: customer.id, action: 'new-order', program: 'SPLA', ...extra } });
    for (let i = 0; i < 4; i++) expect((await authorize(svc.baseUrl)).status).toBe(200);
    expectRateLimited(await authorize(svc.baseUrl));
    // Customers' calls are not orders: the partner can still manage its customers.
    expect((await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: p.apiKey })).status).toBe(200);
    // Each instance counts its own orders.
    expect((await authorize(other.baseUrl)).status).toBe(200);
  });

  test('a Partner Center re-check from the ordering path spends the shared send budget', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Rechecking partner' });
    const customer = await createCustomer(svc.baseUrl, p.apiKey);
    const spent = [];
    for (let i = 0; i < 2; i++) spent.push((await ask(i ? other.baseUrl : svc.baseUrl, p.apiKey, (await createCustomer(svc.baseUrl, p.apiKey)).id)).status);
    expect(spent).toEqual([202, 202]);
    expectRateLimited(
      await call(other.baseUrl, 'POST', '/v1/orders/authorize', {
        token: p.apiKey,
        json: { customerId: customer.id, action: 'new-order', program: 'CSP', recheck: true },
      }),
    );
  });
});
