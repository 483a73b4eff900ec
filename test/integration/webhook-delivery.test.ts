import { Types } from 'mongoose';
import { Webhook } from 'standardwebhooks';
import { createContext, recordPartnerEvent } from '@mca/core';
import { sweepOutbox } from '@mca/workers';
import { uploadSignedCopy, call, createCustomer, createPartner } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const eventsOf = (sink: WebhookSink, customerId: string) => sink.received.filter((h) => JSON.parse(h.body).data.customerId === customerId);

/**
 * Partner notifications are not lost: a partner outage far longer than the job queue's own
 * retry budget (JOB_ATTEMPTS) ends in one delivery, across a worker restart and a lost job;
 * every event is in GET /v1/events with the webhook-id as its id; webhook secrets are
 * encrypted at rest.
 */
describe('partner webhooks: delivery, events feed, secrets', () => {
  let svc: TestService;
  let sink: WebhookSink;

  beforeAll(async () => {
    sink = await startWebhookSink();
    svc = await startTestService({ env: { WEBHOOK_RETRY_FOR: '120s' } });
  });
  afterAll(async () => {
    await svc?.stop();
    await sink?.close();
  });

  test('a webhook down for longer than the whole job retry budget, then back, gets the event exactly once', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Outage AS', webhookUrl: sink.url });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    sink.failNext(1_000_000);
    await uploadSignedCopy(svc.baseUrl, partner.apiKey, customer.id);

    // JOB_ATTEMPTS is 4 in the harness: well past it, the notification is still pending.
    const failedTries = async () => {
      const n = await svc.ctx.models.notifications.findOne({ customerId: customer.id, channel: 'webhook' }).lean();
      return n?.attempts.filter((a) => !a.ok).length ?? 0;
    };
    await waitFor(async () => ((await failedTries()) >= 6 ? true : undefined), 'six failed tries', 60_000);
    const during = await svc.ctx.models.notifications.findOne({ customerId: customer.id, channel: 'webhook' }).lean();
    expect(during).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/503/) });
    expect(during!.nextAttemptAt).toBeInstanceOf(Date);

    // A restart of the workers, and the delayed job lost from Redis on top: the sweeper revives it.
    await svc.stopWorkers();
    const job = await svc.ctx.queues.queue('notify').getJob(`notify-${during!._id.toString()}`);
    await job?.remove();
    await svc.startWorkers();
    await sweepOutbox(svc.ctx);

    sink.failNext(0);
    await waitFor(async () => (eventsOf(sink, customer.id).length > 0 ? true : undefined), 'delivery after the outage', 60_000);
    const delivered = await waitFor(async () => {
      const n = await svc.ctx.models.notifications.findOne({ customerId: customer.id, channel: 'webhook' }).lean();
      return n?.status === 'delivered' ? n : undefined;
    }, 'delivered');
    expect(delivered.attempts.filter((a) => a.ok)).toHaveLength(1);
    await sweepOutbox(svc.ctx); // nothing left to revive
    await new Promise((r) => setTimeout(r, 1_000));
    const got = eventsOf(sink, customer.id);
    expect(got).toHaveLength(1);
    const event = new Webhook(partner.webhookSecret!).verify(got[0]!.body, got[0]!.headers as Record<string, string>) as { type: string };
    expect(event.type).toBe('customer.unlocked');

    // The feed carries it under the id the sink saw (once settled: the newest seconds are held back).
    const feed = await waitFor(async () => {
      const res = await call(svc.baseUrl, 'GET', '/v1/events', { token: partner.apiKey });
      return res.status === 200 && res.body.items.length > 0 ? res : undefined;
    }, 'the event in the feed');
    expect(feed.body.items).toEqual([
      {
        id: got[0]!.headers['webhook-id'],
        type: 'customer.unlocked',
        createdAt: expect.any(String),
        data: expect.objectContaining({ customerId: customer.id }),
      },
    ]);
  });

  test('an event recorded again (a retried step) stores no second row per channel and sends nothing twice', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Twice AS', webhookUrl: sink.url, notifyEmail: 'ops@twice.example' });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    const partnerId = new Types.ObjectId(partner.id);
    const event = {
      partnerId,
      customerId: new Types.ObjectId(customer.id),
      event: 'consent.declined' as const,
      subjectKey: `test-${customer.id}`,
      data: { customerId: customer.id },
    };
    await recordPartnerEvent(svc.ctx, event);
    const rows = () => svc.ctx.models.notifications.find({ partnerId, event: 'consent.declined' }).lean();
    await waitFor(async () => ((await rows()).every((n) => n.status === 'delivered') ? true : undefined), 'both channels delivered');
    expect((await rows()).map((n) => n.channel).sort()).toEqual(['email', 'webhook']);
    // Again, twice (a retried unlock, a redelivered reply): both rows are there and delivered.
    await recordPartnerEvent(svc.ctx, event);
    await recordPartnerEvent(svc.ctx, event);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await rows()).toHaveLength(2);
    expect(await svc.ctx.models.partnerEvents.countDocuments({ partnerId, type: 'consent.declined' })).toBe(1);
    expect(eventsOf(sink, customer.id)).toHaveLength(1);
    expect(svc.smtp.received.filter((m) => m.envelope.to.includes('ops@twice.example'))).toHaveLength(1);
  });

  test('GET /v1/events: oldest first, paged, partner-isolated, also without a webhook, bad input is a problem', async () => {
    const a = await createPartner(svc.baseUrl, { name: 'Feed A', webhookUrl: sink.url });
    const b = await createPartner(svc.baseUrl, { name: 'Feed B' }); // no webhook, no email: the feed is its only channel
    const customersA = [];
    for (let i = 0; i < 3; i++) {
      const c = await createCustomer(svc.baseUrl, a.apiKey);
      await uploadSignedCopy(svc.baseUrl, a.apiKey, c.id);
      await waitFor(async () => (eventsOf(sink, c.id).length === 1 ? true : undefined), `webhook for customer ${i}`);
      customersA.push(c);
    }
    const cb = await createCustomer(svc.baseUrl, b.apiKey);
    await uploadSignedCopy(svc.baseUrl, b.apiKey, cb.id);
    const feedB = await waitFor(async () => {
      const res = await call(svc.baseUrl, 'GET', '/v1/events', { token: b.apiKey });
      return res.body.items?.length === 1 ? res.body : undefined;
    }, "partner B's event");
    expect(feedB.items[0]).toMatchObject({ type: 'customer.unlocked', data: { customerId: cb.id } });
    expect(feedB.nextCursor).toBeNull();

    await waitFor(
      async () => ((await call(svc.baseUrl, 'GET', '/v1/events', { token: a.apiKey })).body.items?.length === 3 ? true : undefined),
      "partner A's three events",
    );
    const first = await call(svc.baseUrl, 'GET', '/v1/events?limit=2', { token: a.apiKey });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await call(svc.baseUrl, 'GET', `/v1/events?limit=2&after=${encodeURIComponent(first.body.nextCursor)}`, { token: a.apiKey });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const items = [...first.body.items, ...second.body.items];
    expect(items.map((e: any) => e.data.customerId)).toEqual(customersA.map((c) => c.id));
    expect(items.map((e: any) => e.id)).toEqual(customersA.map((c) => eventsOf(sink, c.id)[0]!.headers['webhook-id']));
    const times = items.map((e: any) => Date.parse(e.createdAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);

    // Partner B with A's cursor: still only its own (here: nothing after it).
    const crossed = await call(svc.baseUrl, 'GET', `/v1/events?after=${encodeURIComponent(first.body.nextCursor)}`, { token: b.apiKey });
    expect(crossed.status).toBe(200);
    expect(crossed.body.items.every((e: any) => e.data.customerId === cb.id)).toBe(true);
    expect(crossed.body.items.map((e: any) => e.id)).not.toEqual(expect.arrayContaining(items.map((e: any) => e.id)));

    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'after=nonsense', 'after=msg_zz', 'other=1']) {
      const res = await call(svc.baseUrl, 'GET', `/v1/events?${q}`, { token: a.apiKey });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await call(svc.baseUrl, 'GET', '/v1/events')).status).toBe(401);
    expect((await call(svc.baseUrl, 'GET', '/v1/events?limit=500', { token: a.apiKey })).body.items).toHaveLength(3);
    const doc = await call(svc.baseUrl, 'GET', '/openapi.json');
    expect(doc.body.paths['/v1/events'].get.responses['200']).toBeDefined();
  });

  test('a notification failed under the old 8-attempt budget, still within WEBHOOK_RETRY_FOR, is delivered after the upgrade', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Upgraded AS', webhookUrl: sink.url });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    // As the earlier version left it: no eventId, no lastError, failed after its attempts.
    const { insertedId } = await svc.ctx.db.conn.collection('notifications').insertOne({
      key: `customer.unlocked:${customer.id}:webhook`,
      partnerId: new Types.ObjectId(partner.id),
      customerId: new Types.ObjectId(customer.id),
      event: 'customer.unlocked',
      channel: 'webhook',
      payload: { customerId: customer.id, tenantId: customer.tenantId },
      status: 'failed',
      attempts: [{ at: new Date(), ok: false, detail: 'partner webhook answered HTTP 503' }],
      createdAt: new Date(Date.now() - 10_000),
    });
    const restarted = await createContext(svc.ctx.config); // what the next start does
    await restarted.close();
    await sweepOutbox(svc.ctx);
    const hook = await waitFor(async () => eventsOf(sink, customer.id)[0], 'the revived notification');
    expect(hook.headers['webhook-id']).toBe(`msg_${insertedId.toString()}`);
    expect(() => new Webhook(partner.webhookSecret!).verify(hook.body, hook.headers as Record<string, string>)).not.toThrow();
    await waitFor(async () => ((await svc.ctx.models.notifications.findById(insertedId).lean())?.status === 'delivered' ? true : undefined), 'delivered');
  });

  test('webhook secrets are encrypted at rest; a plain one from before is encrypted at start and still signs', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Secretive AS', webhookUrl: sink.url });
    const secret = partner.webhookSecret!;
    const raw = await svc.ctx.db.conn.collection('partners').findOne({ name: 'Secretive AS' });
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice('whsec_'.length));

    // A partner stored in plain text by an earlier version.
    const legacySecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const { insertedId } = await svc.ctx.db.conn.collection('partners').insertOne({
      name: 'Legacy AS',
      webhookUrl: sink.url,
      webhookSecret: legacySecret,
      apiKeyHash: 'legacy-hash',
      createdAt: new Date(),
    });
    const restarted = await createContext(svc.ctx.config); // migrations run at connect
    await restarted.close();
    const migrated = JSON.stringify(await svc.ctx.db.conn.collection('partners').findOne({ _id: insertedId }));
    expect(migrated).not.toContain(legacySecret.slice('whsec_'.length));

    const legacyCustomer = await svc.ctx.models.customers.create({
      partnerId: insertedId,
      tenantId: '11111111-2222-4333-8444-555555555555',
      name: 'Old Kunde',
      country: 'NO',
      language: 'nb-NO',
    });
    const customerId = legacyCustomer._id.toString();
    await svc.ctx.models.customers.updateOne(
      { _id: customerId },
      { $set: { 'mca.status': 'accepted', 'mca.acceptedAt': new Date(), 'mca.method': 'attestation', unlockPendingSince: new Date() } },
    );
    await svc.ctx.queues.add('unlock', { customerId });
    const hook = await waitFor(async () => eventsOf(sink, customerId)[0], "the legacy partner's webhook");
    expect(() => new Webhook(legacySecret).verify(hook.body, hook.headers as Record<string, string>)).not.toThrow();
  });
});

describe('partner webhooks: giving up', () => {
  let svc: TestService;
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
    svc = await startTestService({ env: { WEBHOOK_RETRY_FOR: '3s' } });
  });
  afterAll(async () => {
    await svc?.stop();
    await sink?.close();
  });

  test('a webhook that stays down is failed once WEBHOOK_RETRY_FOR has passed since the event, with the last error', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Gone AS', webhookUrl: sink.url });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey);
    sink.failNext(1_000_000);
    await uploadSignedCopy(svc.baseUrl, partner.apiKey, customer.id);
    const n = await waitFor(
      async () => {
        const row = await svc.ctx.models.notifications.findOne({ customerId: customer.id, channel: 'webhook' }).lean();
        return row?.status === 'failed' ? row : undefined;
      },
      'given up',
      30_000,
    );
    expect(n.lastError).toMatch(/gave up .*HTTP 503/);
    expect(n.attempts.length).toBeGreaterThan(1);
    expect(n.attempts.every((a) => !a.ok)).toBe(true);
    expect(n.attempts[n.attempts.length - 1]!.at.getTime() - n.createdAt.getTime()).toBeGreaterThanOrEqual(3_000);
    expect(eventsOf(sink, customer.id)).toHaveLength(0);
  });
});
