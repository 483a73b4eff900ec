import { createHmac } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { within } from '../harness/wait-for';

const HMAC_KEY = 'connect-key-0123456789abcdef';
const MAX_CONNECT = 64 * 1024;
const TEN_MB = 10 * 1024 * 1024;

interface EarlyAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  /**
   * The server said it closes the connection (Connection: close) and did, instead of reading
   * the rest to discard it (what Node does on a kept-alive connection).
   */
  closedByServer: boolean;
}

/**
 * Announces a body of `declared` bytes, sends only the first 64 KB and waits: a server that
 * reads the whole body before deciding never answers; one that decides first answers now.
 * `chunked` leaves Content-Length out, so only counting while reading can stop it.
 */
function sendPartially(baseUrl: string, route: string, headers: Record<string, string>, declared: number, opts: { chunked?: boolean; send?: number } = {}) {
  const url = new URL(route, baseUrl);
  const sent = opts.send ?? 64 * 1024;
  const req = http.request(url, {
    method: 'POST',
    headers: { ...headers, ...(opts.chunked ? {} : { 'content-length': String(declared) }) },
  });
  const answer = new Promise<EarlyAnswer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const closed = await within(
          new Promise<boolean>((done) => (req.socket?.destroyed ? done(true) : req.socket?.once('close', () => done(true)))),
          10_000,
          () => false,
        );
        const closedByServer = res.headers.connection === 'close' && closed;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined, closedByServer });
      });
    });
  });
  req.write(Buffer.alloc(sent, 'a'));
  return within(answer, 20_000, () => 'no answer before the body was complete' as const).finally(() => req.destroy());
}

/** Size limits are decided before (or while) reading, never after buffering whatever was sent. */
describe('request body limits', () => {
  let svc: TestService;
  let apiKey: string;

  beforeAll(async () => {
    svc = await startTestService({
      workers: false,
      env: { DOCUSIGN_CONNECT_HMAC_KEYS: HMAC_KEY, MAX_CONNECT_MESSAGE_BYTES: String(MAX_CONNECT), MAX_EVIDENCE_BYTES: String(128 * 1024) },
    });
    apiKey = (await createPartner(svc.baseUrl, { name: 'Limits' })).apiKey;
  });
  afterAll(async () => svc?.stop());

  test('an unsigned 10 MB POST to /webhooks/docusign is refused 401 before its body is read', async () => {
    const answer = await sendPartially(svc.baseUrl, '/webhooks/docusign', { 'content-type': 'application/json' }, TEN_MB);
    expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' }, closedByServer: true });
    expect(answer).toMatchObject({ headers: { 'content-type': expect.stringContaining('application/problem+json') } });
    expect(await svc.ctx.models.connectMessages.countDocuments()).toBe(0);
  });

  test('a signed Connect message announced beyond MAX_CONNECT_MESSAGE_BYTES is refused 413 before it is read', async () => {
    const answer = await sendPartially(
      svc.baseUrl,
      '/webhooks/docusign',
      { 'content-type': 'application/json', 'x-docusign-signature-1': 'c2lnbmF0dXJl' },
      TEN_MB,
    );
    expect(answer).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' }, closedByServer: true });
  });

  test('a signed chunked Connect message is cut off with 413 once it passes the limit', async () => {
    const answer = await sendPartially(
      svc.baseUrl,
      '/webhooks/docusign',
      { 'content-type': 'application/json', 'x-docusign-signature-1': 'c2lnbmF0dXJl' },
      TEN_MB,
      { chunked: true, send: MAX_CONNECT + 1024 },
    );
    expect(answer).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' }, closedByServer: true });
  });

  test('a Connect message within the limit is verified over the bytes as read and stored', async () => {
    const body = readFileSync(path.join(__dirname, '../fixtures/docusign/sim-envelope-completed-minimal.json'));
    const signature = createHmac('sha256', HMAC_KEY).update(body).digest('base64');
    const wrong = await fetch(`${svc.baseUrl}/webhooks/docusign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docusign-signature-1': createHmac('sha256', 'another-key').update(body).digest('base64') },
      body,
    });
    expect(wrong.status).toBe(401);
    const res = await fetch(`${svc.baseUrl}/webhooks/docusign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docusign-signature-1': signature },
      body,
    });
    expect(res.status).toBe(200);
    expect(await svc.ctx.models.connectMessages.countDocuments()).toBe(1);
  });

  test('an unauthenticated 10 MB POST to /webhooks/email is refused 401 and the connection closed, unread', async () => {
    const answer = await sendPartially(
      svc.baseUrl,
      '/webhooks/email',
      { 'content-type': 'message/rfc822', authorization: 'Bearer wrong-secret-0123456789' },
      TEN_MB,
    );
    expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' }, closedByServer: true });
    const none = await sendPartially(svc.baseUrl, '/webhooks/email', { 'content-type': 'message/rfc822' }, TEN_MB);
    expect(none).toMatchObject({ status: 401, closedByServer: true });
  });

  test('an authenticated email announced beyond MAX_INBOUND_EMAIL_BYTES is refused 413 before it is read', async () => {
    const answer = await sendPartially(
      svc.baseUrl,
      '/webhooks/email',
      { 'content-type': 'message/rfc822', authorization: `Bearer ${INBOUND_SECRET}` },
      svc.ctx.config.MAX_INBOUND_EMAIL_BYTES + 1,
    );
    expect(answer).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' }, closedByServer: true });
  });

  test('every over-limit answer is a 413 problem document: JSON bodies, signed-copy files and fields', async () => {
    const big = 'x'.repeat(200 * 1024);
    const jsonCases = [
      ['/v1/customers', apiKey],
      ['/v1/orders/authorize', apiKey],
      ['/v1/partners', svc.env.ADMIN_TOKEN],
    ] as const;
    for (const [route, token] of jsonCases) {
      const res = await call(svc.baseUrl, 'POST', route, { token, json: { name: big } });
      expect({ route, status: res.status, type: res.headers.get('content-type'), code: res.body?.code }).toEqual({
        route,
        status: 413,
        type: expect.stringContaining('application/problem+json'),
        code: 'PAYLOAD_TOO_LARGE',
      });
    }

    const customer = await createCustomer(svc.baseUrl, apiKey);
    const fields = { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example', dateAgreed: '2026-11-30' };
    const form = (file: Buffer, extra: Record<string, string> = {}) => {
      const f = new FormData();
      for (const [k, v] of Object.entries({ ...fields, ...extra })) f.append(k, v);
      f.append('evidence', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'signed.pdf');
      return f;
    };
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200 * 1024, 'a')]);
    const tooBig = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/signed-copies`, { token: apiKey, body: form(pdf) });
    expect({ status: tooBig.status, code: tooBig.body?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const longField = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/signed-copies`, {
      token: apiKey,
      body: form(Buffer.from('%PDF-1.7\n'), { firstName: 'K'.repeat(4096) }),
    });
    expect({ status: longField.status, code: longField.body?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  test('a body that does not decompress or match its encoding is a 400 problem, on the ordering call and elsewhere, not our 500', async () => {
    const customer = await createCustomer(svc.baseUrl, apiKey);
    const broken = Buffer.from('this is not brotli, gzip or deflate');
    for (const [route, encoding] of [
      ['/v1/orders/authorize', 'br'],
      ['/v1/orders/authorize', 'gzip'],
      ['/v1/customers', 'deflate'],
      [`/v1/customers/${customer.id}/consent-requests`, 'br'],
    ] as const) {
      const res = await call(svc.baseUrl, 'POST', route, {
        token: apiKey,
        body: broken,
        contentType: 'application/json',
        headers: { 'content-encoding': encoding },
      });
      expect({ route, encoding, status: res.status, code: res.body?.code, type: res.headers.get('content-type') }).toEqual({
        route,
        encoding,
        status: 400,
        code: 'BAD_REQUEST',
        type: expect.stringContaining('application/problem+json'),
      });
    }
  });
});
