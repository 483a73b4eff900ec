import { gzipSync } from 'node:zlib';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';

const PATH = '/v1/orders/authorize';

/**
 * The exact ordering call is answered ahead of Express (routes/order-endpoint.ts); other
 * spellings of it still go through Express's route. Both must answer, count and refuse alike.
 */
describe('POST /v1/orders/authorize ahead of the router', () => {
  let svc: TestService;
  let apiKey: string;
  let tenantId: string;

  beforeAll(async () => {
    svc = await startTestService({ workers: false });
    ({ apiKey } = await createPartner(svc.baseUrl, { name: 'Ordering AS' }));
    ({ tenantId } = await createCustomer(svc.baseUrl, apiKey));
  });
  afterAll(async () => svc?.stop());

  /** mca_http_request_duration_seconds_count of this route, per status. */
  const counted = async (): Promise<Record<string, number>> => {
    const text = (await call(svc.baseUrl, 'GET', '/metrics')).body as string;
    const out: Record<string, number> = {};
    for (const m of text.matchAll(/^mca_http_request_duration_seconds_count\{method="POST",route="\/v1\/orders\/authorize",status="(\d+)"\} (\d+)$/gm)) {
      out[m[1]!] = Number(m[2]);
    }
    return out;
  };
  const order = { tenantId: '', action: 'new-order', program: 'CSP' };
  const ask = (path: string, opts: Parameters<typeof call>[3] = {}) =>
    call(svc.baseUrl, 'POST', path, { token: apiKey, json: { ...order, tenantId }, ...opts });

  test('the exact call and the spellings Express routes give the same answer, each timed under the route', async () => {
    const before = await counted();
    const answers = [];
    for (const path of [PATH, `${PATH}?via=query`, `${PATH}/`, '/V1/Orders/Authorize']) {
      const res = await ask(path, { headers: { 'x-request-id': 'same-answer-1' } });
      answers.push({ status: res.status, type: res.headers.get('content-type'), reqId: res.headers.get('x-request-id'), body: res.body });
    }
    expect(answers[0]).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      reqId: 'same-answer-1',
      body: { allowed: false, code: 'MCA_NOT_ACCEPTED', detail: expect.any(String) },
    });
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    expect((await counted())['200']).toBe((before['200'] ?? 0) + 4);
  });

  test('refusals are the error handler’s problem documents, with the request id, timed under their status', async () => {
    const before = await counted();
    const big = { ...order, tenantId, pad: 'x'.repeat(40 * 1024) };
    const cases = [
      { what: 'no key', res: await ask(PATH, { token: undefined }), status: 401, code: 'UNAUTHENTICATED' },
      { what: 'unknown key', res: await ask(PATH, { token: 'mca_not-a-key' }), status: 401, code: 'UNAUTHENTICATED' },
      {
        what: 'not JSON',
        res: await ask(PATH, { json: undefined, body: '{"tenantId":', contentType: 'application/json' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      { what: 'a string', res: await ask(PATH, { json: undefined, body: '"x"', contentType: 'application/json' }), status: 400, code: 'VALIDATION_FAILED' },
      { what: 'schema', res: await ask(PATH, { json: { ...order, tenantId, action: 'sell-everything' } }), status: 400, code: 'VALIDATION_FAILED' },
      { what: 'too large', res: await ask(PATH, { json: big }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { what: 'charset', res: await ask(PATH, { contentType: 'application/json; charset=latin1' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        what: 'unknown tenant',
        res: await ask(PATH, { json: { ...order, tenantId: '11111111-2222-4333-8444-555555555555' } }),
        status: 404,
        code: 'NOT_FOUND',
      },
    ];
    for (const c of cases) {
      expect({
        what: c.what,
        status: c.res.status,
        type: c.res.headers.get('content-type'),
        code: c.res.body?.code,
        reqId: c.res.headers.get('x-request-id'),
      }).toEqual({
        what: c.what,
        status: c.status,
        type: 'application/problem+json; charset=utf-8',
        code: c.code,
        reqId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    const after = await counted();
    for (const [status, n] of [
      ['401', 2],
      ['400', 3],
      ['413', 1],
      ['415', 1],
      ['404', 1],
    ] as const) {
      expect({ status, delta: (after[status] ?? 0) - (before[status] ?? 0) }).toEqual({ status, delta: n });
    }
  });

  test('a body the quick reader leaves to express.json is still read: compressed, chunked, BOM-prefixed', async () => {
    const text = JSON.stringify({ ...order, tenantId });
    const gz = await call(svc.baseUrl, 'POST', PATH, {
      token: apiKey,
      body: gzipSync(text),
      contentType: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(gz.status).toBe(200);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(text.slice(0, 10)));
        c.enqueue(new TextEncoder().encode(text.slice(10)));
        c.close();
      },
    });
    const chunked = await fetch(`${svc.baseUrl}${PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(200);
    const bom = await ask(PATH, { json: undefined, body: `\ufeff${text}`, contentType: 'application/json' });
    expect(bom.status).toBe(200);
    expect(bom.body.allowed).toBe(false);
  });
});
