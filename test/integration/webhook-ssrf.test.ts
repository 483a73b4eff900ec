import { lookup } from 'node:dns/promises';
import { metrics } from '@mca/platform';
import { uploadSignedCopy, call, createCustomer, createPartner } from '../harness/api-client';
import { ADMIN_TOKEN, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

/**
 * Partner webhooks cannot be pointed at the service's own network: with
 * WEBHOOK_ALLOW_PRIVATE_ADDRESSES=false every address a webhook host resolves to is checked at
 * connect time, and a refusal shows on the notification and in a metric, without a retry. No
 * refused address is ever connected to (the test's names resolve to private addresses that
 * nothing here listens on).
 */
describe('partner webhooks: no SSRF', () => {
  let svc: TestService;
  let sink: WebhookSink;
  const names: Record<string, string[]> = {
    'hooks.inside.example': ['10.0.0.5'],
    'hooks.metadata.example': ['169.254.169.254'],
    'hooks.mixed.example': ['8.8.8.8', 'fd00:ec2::254'],
    'hooks.mapped.example': ['::ffff:192.168.1.10'],
  };

  beforeAll(async () => {
    sink = await startWebhookSink();
    svc = await startTestService({
      env: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' },
      // The test's own names; anything else (localhost) through the system resolver.
      hostResolver: async (hostname) => {
        const addresses = names[hostname];
        if (!addresses) return lookup(hostname, { all: true });
        return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      },
    });
  });
  afterAll(async () => {
    await svc?.stop();
    await sink?.close();
  });

  const refusedCount = async () => (await metrics.webhookRefused.get()).values.reduce((a, v) => a + v.value, 0);

  test('POST /v1/partners refuses http: and literal private addresses with a 400 problem', async () => {
    const port = new URL(sink.url).port;
    for (const webhookUrl of [
      sink.url,
      `https://127.0.0.1:${port}/hooks`,
      'https://[::1]/hooks',
      'https://10.1.2.3/hooks',
      'https://169.254.169.254/latest/meta-data',
    ]) {
      const res = await call(svc.baseUrl, 'POST', '/v1/partners', { token: ADMIN_TOKEN, json: { name: 'P', webhookUrl } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.detail).toMatch(/webhookUrl/);
    }
  });

  async function unlockedNotification(webhookUrl: string) {
    const partner = await createPartner(svc.baseUrl, { name: `Partner ${webhookUrl}`, webhookUrl });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    await uploadSignedCopy(svc.baseUrl, partner.apiKey, customer.id);
    return waitFor(async () => {
      const n = await svc.ctx.models.notifications.findOne({ customerId: customer.id, channel: 'webhook' }).lean();
      return n && n.status !== 'pending' ? n : undefined;
    }, `webhook notification to ${webhookUrl} settled`);
  }

  test('a hostname resolving to loopback, private, metadata or mapped addresses is refused at connect time, once, visibly', async () => {
    const port = new URL(sink.url).port;
    const cases: [string, RegExp][] = [
      [`https://localhost:${port}/hooks`, /^refused: address (127\.0\.0\.1|::1) is loopback/],
      ['https://hooks.inside.example/hooks', /^refused: address 10\.0\.0\.5 is private/],
      ['https://hooks.metadata.example/hooks', /^refused: address 169\.254\.169\.254 is a cloud metadata address/],
      ['https://hooks.mixed.example/hooks', /^refused: address fd00:ec2::254 is a cloud metadata address/],
      ['https://hooks.mapped.example/hooks', /^refused: address 192\.168\.1\.10 is private/],
    ];
    for (const [url, reason] of cases) {
      const before = await refusedCount();
      const n = await unlockedNotification(url);
      expect(n.status).toBe('failed');
      expect(n.lastError).toMatch(reason);
      expect(n.attempts).toHaveLength(1);
      expect(await refusedCount()).toBe(before + 1);
    }
    expect(sink.received).toHaveLength(0);
  });

  test('URLs stored before the rule (http:, a literal loopback address) are refused at delivery too', async () => {
    const port = new URL(sink.url).port;
    const cases: [string, RegExp][] = [
      [sink.url, /^refused: http:\/\/ is not allowed/],
      [`https://127.0.0.1:${port}/hooks`, /^refused: address 127\.0\.0\.1 is loopback/],
      [`https://[::ffff:127.0.0.1]:${port}/hooks`, /^refused: address 127\.0\.0\.1 is loopback/],
    ];
    for (const [stored, reason] of cases) {
      const partner = await createPartner(svc.baseUrl, { name: `Legacy ${stored}`, webhookUrl: 'https://hooks.inside.example/x' });
      await svc.ctx.models.partners.updateOne({ _id: partner.id }, { $set: { webhookUrl: stored } });
      const customer = await createCustomer(svc.baseUrl, partner.apiKey);
      await uploadSignedCopy(svc.baseUrl, partner.apiKey, customer.id);
      const n = await waitFor(async () => {
        const row = await svc.ctx.models.notifications.findOne({ customerId: customer.id, channel: 'webhook' }).lean();
        return row && row.status !== 'pending' ? row : undefined;
      }, `notification to ${stored} settled`);
      expect(n.status).toBe('failed');
      expect(n.lastError).toMatch(reason);
    }
    expect(sink.received).toHaveLength(0);
  });
});
