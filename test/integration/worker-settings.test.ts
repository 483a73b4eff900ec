import mongoose from 'mongoose';
import { createCustomer, createPartner, call } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

/** What the consent pipeline's throughput rests on (bench/pipeline.ts measures it). */
describe('worker settings of the consent pipeline', () => {
  let svc: TestService;
  let hooks: WebhookSink;

  beforeAll(async () => {
    svc = await startTestService({ env: { WORKER_CONCURRENCY: '7' } });
    hooks = await startWebhookSink();
  });
  afterAll(async () => {
    mongoose.set('debug', false);
    await svc?.stop();
    await hooks?.close();
  });

  test('the queues that wait only on Mongo and HTTP run WORKER_CONCURRENCY jobs side by side; the others keep their own', () => {
    const concurrency = Object.fromEntries(svc.workers!.workers.map((w) => [w.name, w.concurrency]));
    expect(concurrency).toMatchObject({ 'inbound-email': 7, 'inbound-docusign': 7, unlock: 7, notify: 7, 'dispatch-email': 4, docusign: 2, scheduler: 1 });
  });

  test('an accepting reply reads the customer twice on its way to the unlock (tenant id, then the unlock itself)', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Round trips AS', webhookUrl: hooks.url });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@round-trips.example' } },
    });
    expect(created.status).toBe(202);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('kari@round-trips.example'));
    await waitFor(async () => ((await svc.ctx.models.consentRequests.findById(created.body.id).lean())?.status === 'sent' ? true : undefined), 'request sent');

    const calls: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => calls.push(`${collection}.${method}`));
    const reply = await buildReply({ original: mail, from: 'Kari Nordmann <kari@round-trips.example>', body: 'I accept.' });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
    await waitFor(async () => (hooks.received.some((h) => h.body.includes('customer.unlocked')) ? true : undefined), 'customer.unlocked webhook');
    // The unlock read the customer before it told the partner; the test's own reads are not counted.
    mongoose.set('debug', false);
    await waitFor(async () => ((await svc.ctx.models.customers.findById(customer.id).lean())?.unlockPendingSince ? undefined : true), 'unlock marker cleared');

    const customerReads = calls.filter((c) => c === 'customers.findOne');
    expect(customerReads).toHaveLength(2);
    expect((await svc.ctx.models.customers.findById(customer.id).lean())?.ordering.status).toBe('unlocked');
  });
});
