import { Writable } from 'node:stream';
import { createLogger } from '@mca/platform';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

type Line = Record<string, any>;

/** One id per request, on its access log line, on every line logged inside it and on the jobs it enqueues. */
describe('request ids', () => {
  const lines: Line[] = [];
  const captured = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  let svc: TestService;
  let apiKey: string;
  let partnerId: string;

  beforeAll(async () => {
    svc = await startTestService({ logger: createLogger('debug', {}, captured), env: { RATE_LIMIT_PER_MINUTE: '6' } });
    ({ apiKey, id: partnerId } = await createPartner(svc.baseUrl, { name: 'Trace AS' }));
  });
  afterAll(async () => svc?.stop());

  const accessLine = (reqId: string) => lines.find((l) => l.msg === 'request' && l.reqId === reqId);

  test("the caller's well-formed X-Request-Id is kept and echoed, and follows the request into the workers", async () => {
    const customer = await createCustomer(svc.baseUrl, apiKey);
    const reqId = 'trace-4f2a.9:run-1';
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: apiKey,
      headers: { 'x-request-id': reqId },
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@trace.example' } },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe(reqId);

    // The job carries it beside its payload, and the worker that ran it logs it.
    const job = await svc.ctx.queues.queue('dispatch-email').getJob(`send-${res.body.id}-1`);
    expect(job?.data.reqId).toBe(reqId);
    const done = await waitFor(
      async () => lines.find((l) => l.msg === 'job completed' && l.queue === 'dispatch-email' && l.reqId === reqId),
      'dispatch job logged',
    );
    expect(done.jobId).toBe(`send-${res.body.id}-1`);

    // One access log line, no body, no headers, the partner named.
    const access = await waitFor(async () => accessLine(reqId), 'access log line');
    expect(access).toMatchObject({
      level: 30,
      req: { method: 'POST', path: `/v1/customers/${customer.id}/consent-requests` },
      res: { statusCode: 202 },
      partnerId,
    });
    expect(typeof access.responseTime).toBe('number');
    expect(JSON.stringify(access)).not.toMatch(/kari|Nordmann|authorization|Bearer/i);
    expect(lines.filter((l) => l.msg === 'request' && l.reqId === reqId)).toHaveLength(1);
  });

  test.each([
    ['missing', undefined],
    ['with spaces', 'not a good id'],
    ['too long', 'x'.repeat(129)],
    ['with a newline smuggled in percent-encoded form', 'abc%0Ainjected'],
  ])('an X-Request-Id %s is replaced by a generated one', async (_what, incoming) => {
    const res = await call(svc.baseUrl, 'GET', '/v1/customers', { token: apiKey, ...(incoming ? { headers: { 'x-request-id': incoming } } : {}) });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await waitFor(async () => accessLine(id), 'access log line');
  });

  test('a line logged inside the request carries its id too', async () => {
    const { apiKey: limited } = await createPartner(svc.baseUrl, { name: 'Busy AS' });
    const reqId = 'busy-partner-7';
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) {
      status = (await call(svc.baseUrl, 'GET', '/v1/customers', { token: limited, headers: { 'x-request-id': reqId } })).status;
    }
    expect(status).toBe(429);
    const warning = lines.find((l) => l.msg === 'partner reached its rate limit');
    expect(warning?.reqId).toBe(reqId);
    // Said once per line: the mixin does not repeat an id the line already has.
    const raw: string[] = [];
    const probe = createLogger('info', {}, new Writable({ write: (c: Buffer, _e, d) => (raw.push(c.toString()), d()) }));
    probe.child({ reqId: 'x' }).info('one');
    expect(raw[0]!.match(/"reqId"/g)).toHaveLength(1);
  });

  test('the ordering path echoes the id and logs an answered order at debug only, a refused call at info', async () => {
    // A partner of its own: this suite's partner budget (6 calls a minute) is spent by the tests above.
    const orders = await createPartner(svc.baseUrl, { name: 'Ordering AS' });
    const customer = await createCustomer(svc.baseUrl, orders.apiKey);
    const ask = (reqId: string, json: object) =>
      call(svc.baseUrl, 'POST', '/v1/orders/authorize', { token: orders.apiKey, headers: { 'x-request-id': reqId }, json });
    const answered = await ask('order-ok-1', { customerId: customer.id, action: 'new-order', program: 'CSP' });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-request-id')).toBe('order-ok-1');
    const refused = await ask('order-bad-1', { customerId: customer.id, action: 'sell-everything', program: 'CSP' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('order-bad-1');

    const bad = await waitFor(async () => accessLine('order-bad-1'), 'access line of the refused call');
    expect(bad).toMatchObject({ level: 30, req: { method: 'POST', path: '/v1/orders/authorize' }, res: { statusCode: 400 }, partnerId: orders.id });
    const ok = await waitFor(async () => accessLine('order-ok-1'), 'debug line of the answered order');
    expect(ok).toMatchObject({ level: 20, res: { statusCode: 200 } });
    expect(lines.filter((l) => l.msg === 'request' && l.reqId === 'order-ok-1')).toHaveLength(1);
  });
});
