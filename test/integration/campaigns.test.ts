import { Types } from 'mongoose';
import { startWorkers, type WorkerHost } from '@mca/workers';
import { fanOutCampaign } from '@mca/api/src/use-cases/campaign-fan-out';
import { TENANT, uploadSignedCopy, call, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Consent campaigns on real parts: the campaigns queue's fan-out through the same request
 * rules as the API, the SMTP sink counting each representative's mail, replies posted to the
 * inbound webhook, the partner's webhooks at a real receiver.
 */
describe('consent campaigns', () => {
  let svc: TestService;
  let hooks: WebhookSink;
  let partner: { apiKey: string; id: string };
  let seq = 0;

  beforeAll(async () => {
    hooks = await startWebhookSink();
    svc = await startTestService();
    partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT', webhookUrl: hooks.url });
  });
  afterAll(async () => {
    await svc?.stop();
    await hooks?.close();
  });

  /** A customer of the partner; `email` gives it a default representative at that address. */
  async function customer(email?: string): Promise<string> {
    seq += 1;
    const res = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: partner.apiKey,
      json: {
        tenantId: TENANT(),
        name: `Kunde ${seq} AS`,
        country: 'NO',
        language: 'nb-NO',
        ...(email ? { representative: { firstName: 'Kari', lastName: `Nordmann${seq}`, email } } : {}),
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const mailsTo = (email: string) => svc.smtp.received.filter((m) => m.envelope.to.includes(email));
  const start = async (json: unknown) => {
    const res = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json });
    expect(res.status).toBe(202);
    return res.body as { id: string; status: string; counts: Record<string, number> };
  };
  const get = async (id: string) => (await call(svc.baseUrl, 'GET', `/v1/campaigns/${id}`, { token: partner.apiKey })).body;
  const until = (id: string, what: string, ok: (c: { status: string; counts: Record<string, number> }) => boolean) =>
    waitFor(
      async () => {
        const c = await get(id);
        // Every poll, also mid fan-out: each customer is in exactly one count besides the total.
        const { total, ...rest } = c.counts as Record<string, number>;
        expect(Object.values(rest).reduce((a, b) => a + b, 0)).toBe(total);
        return ok(c) ? c : undefined;
      },
      what,
      30_000,
    );
  const completedHooks = (id: string) =>
    hooks.received
      .map((h) => JSON.parse(h.body) as { type: string; data: { campaignId: string; status: string; counts: Record<string, number> } })
      .filter((b) => b.type === 'campaign.completed' && b.data.campaignId === id);
  async function accept(email: string) {
    const original = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    const reply = await buildReply({ original, from: `Kari Nordmann <${email}>`, body: 'Hei,\n\nJeg godtar.\n\nMvh Kari' });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
  }

  test('mails each customer with a representative once, skips the rest, counts replies, completes once', async () => {
    const emails = ['a@kunde-one.example', 'b@kunde-two.example', 'c@kunde-three.example'];
    const ids = [];
    for (const e of emails) ids.push(await customer(e));
    ids.push(await customer()); // no representative
    const accepted = await customer('d@kunde-four.example');
    await uploadSignedCopy(svc.baseUrl, partner.apiKey, accepted);
    ids.push(accepted);
    const live = await customer('e@kunde-five.example');
    const liveRequest = await call(svc.baseUrl, 'POST', `/v1/customers/${live}/consent-requests`, { token: partner.apiKey, json: { channel: 'email' } });
    expect(liveRequest.status).toBe(202);
    ids.push(live);

    const started = await start({ channel: 'email', name: 'Deadline week', customerIds: ids });
    expect(started).toMatchObject({ name: 'Deadline week', channel: 'email', status: 'running' });
    const sent = await until(started.id, 'three sent', (c) => c.counts.sent === 3 && c.counts.total === 6);
    expect(sent.counts).toMatchObject({ total: 6, sent: 3, skipped: 3, queued: 0, accepted: 0 });
    for (const e of emails) expect(mailsTo(e)).toHaveLength(1);
    expect(mailsTo('d@kunde-four.example')).toHaveLength(0);
    await svc.smtp.waitFor((m) => m.envelope.to.includes('e@kunde-five.example'));
    expect(mailsTo('e@kunde-five.example')).toHaveLength(1); // the partner's own request, not the campaign's

    for (const e of emails) await accept(e);
    const done = await until(started.id, 'completed', (c) => c.status === 'completed');
    expect(done.counts).toMatchObject({ total: 6, accepted: 3, sent: 0, skipped: 3 });
    await waitFor(async () => (completedHooks(started.id).length > 0 ? true : undefined), 'campaign.completed webhook');
    await sleep(1500); // any second delivery would have had its chance
    expect(completedHooks(started.id)).toHaveLength(1);
    expect(completedHooks(started.id)[0]!.data).toMatchObject({ status: 'completed', counts: { accepted: 3, skipped: 3 } });
    // The feed holds the newest few seconds back, so it is polled.
    const inFeed = await waitFor(async () => {
      const items = (await call(svc.baseUrl, 'GET', '/v1/events?limit=500', { token: partner.apiKey })).body.items as {
        type: string;
        data: { campaignId?: string };
      }[];
      const mine = items.filter((e) => e.type === 'campaign.completed' && e.data.campaignId === started.id);
      return mine.length > 0 ? mine : undefined;
    }, 'campaign.completed in the events feed');
    expect(inFeed).toHaveLength(1);
    const list = (await call(svc.baseUrl, 'GET', '/v1/campaigns', { token: partner.apiKey })).body;
    expect(list.items.map((c: { id: string }) => c.id)).toContain(started.id);
  });

  test('a second campaign over customers with live requests mails nobody again; a redelivered fan-out creates nothing twice', async () => {
    const emails = ['f@kunde-six.example', 'g@kunde-seven.example'];
    const ids = [];
    for (const e of emails) ids.push(await customer(e));
    const first = await start({ channel: 'email', customerIds: ids });
    await until(first.id, 'sent', (c) => c.counts.sent === 2);
    const second = await start({ channel: 'email', customerIds: ids });
    const skipped = await until(second.id, 'skipped and completed', (c) => c.status === 'completed');
    expect(skipped.counts).toMatchObject({ total: 2, skipped: 2, sent: 0 });

    // The fan-out job delivered again from the start (as after a crash before its cursor was kept).
    const campaignId = new Types.ObjectId(first.id);
    const before = await svc.ctx.models.consentRequests.countDocuments({ campaignId });
    await svc.ctx.models.campaigns.updateOne({ _id: campaignId }, { $unset: { 'fanOut.cursor': 1 }, $set: { 'fanOut.done': false } });
    await fanOutCampaign(svc.ctx, first.id, 1);
    await fanOutCampaign(svc.ctx, first.id, 1);
    expect(await svc.ctx.models.consentRequests.countDocuments({ campaignId })).toBe(before);
    expect(await svc.ctx.models.campaignMembers.countDocuments({ campaignId })).toBe(2);
    await sleep(1000);
    for (const e of emails) expect(mailsTo(e)).toHaveLength(1);
    expect((await get(first.id)).counts).toMatchObject({ total: 2, sent: 2, skipped: 0 });
    // Each customer's chain says once that the request came from this campaign.
    const created = await svc.ctx.models.auditEvents.find({ customerId: { $in: ids.map((i) => new Types.ObjectId(i)) }, type: 'request.created' }).lean();
    expect(created).toHaveLength(2);
    for (const e of created) expect(e.data).toMatchObject({ origin: 'campaign', campaignId: first.id });
  });

  test('two campaigns started at the same moment over the same customers: each customer is requested by one of them, none counted cancelled', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => `race${i}@kunde-race.example`);
    const ids = [];
    for (const e of emails) ids.push(await customer(e));
    // Both fan-outs run side by side over the same customers in the same order: their creates race.
    const [a, b] = await Promise.all([start({ channel: 'email', customerIds: ids }), start({ channel: 'email', customerIds: ids })]);
    const settled = (c: { counts: Record<string, number> }) => c.counts.total === 40 && c.counts.queued === 0;
    const [ca, cb] = [await until(a.id, 'a settled', settled), await until(b.id, 'b settled', settled)];
    // A race the campaign lost is a skip (the other one asked), never its own cancelled request.
    expect(ca.counts.cancelled).toBe(0);
    expect(cb.counts.cancelled).toBe(0);
    expect(ca.counts.sent + cb.counts.sent).toBe(40);
    expect(ca.counts.skipped + cb.counts.skipped).toBe(40);
    await sleep(500);
    for (const e of emails) expect(mailsTo(e)).toHaveLength(1);
  });

  test('pause holds unsent requests, resume sends each once', async () => {
    await svc.stopWorkers();
    let only: WorkerHost | undefined = await startWorkers(svc.ctx, ['campaigns']);
    try {
      const emails = ['h@kunde-eight.example', 'i@kunde-nine.example'];
      const ids = [];
      for (const e of emails) ids.push(await customer(e));
      const c = await start({ channel: 'email', customerIds: ids });
      await until(c.id, 'queued', (x) => x.counts.queued === 2);
      expect((await call(svc.baseUrl, 'POST', `/v1/campaigns/${c.id}/pause`, { token: partner.apiKey })).body.status).toBe('paused');
      expect((await call(svc.baseUrl, 'POST', `/v1/campaigns/${c.id}/pause`, { token: partner.apiKey })).status).toBe(409);
      await only.close();
      only = undefined;
      await svc.startWorkers();
      await waitFor(
        async () =>
          (await svc.ctx.models.consentRequests.countDocuments({ campaignId: new Types.ObjectId(c.id), heldByCampaign: true })) === 2 ? true : undefined,
        'held',
      );
      await sleep(500);
      for (const e of emails) expect(mailsTo(e)).toHaveLength(0);
      expect((await get(c.id)).counts).toMatchObject({ queued: 2, sent: 0 });

      expect((await call(svc.baseUrl, 'POST', `/v1/campaigns/${c.id}/resume`, { token: partner.apiKey })).body.status).toBe('running');
      await until(c.id, 'sent after resume', (x) => x.counts.sent === 2);
      await sleep(500);
      for (const e of emails) expect(mailsTo(e)).toHaveLength(1);
    } finally {
      await only?.close();
      if (!svc.workers) await svc.startWorkers();
    }
  });

  test('cancel ends unsent requests and freezes the counts; campaign.completed says cancelled, once', async () => {
    const sentEmail = 'j@kunde-ten.example';
    const sentOne = await customer(sentEmail);
    const running = await start({ channel: 'email', customerIds: [sentOne] });
    await until(running.id, 'sent', (c) => c.counts.sent === 1);
    const cancelled = await call(svc.baseUrl, 'POST', `/v1/campaigns/${running.id}/cancel`, { token: partner.apiKey });
    expect(cancelled.body.status).toBe('cancelled');
    await waitFor(async () => (completedHooks(running.id).length > 0 ? true : undefined), 'campaign.completed (cancelled)');
    const frozen = await get(running.id);
    expect(frozen.counts).toMatchObject({ total: 1, sent: 1, accepted: 0 });
    // The representative still answers: the consent counts for the customer, not for the cancelled campaign.
    await accept(sentEmail);
    await waitFor(async () => {
      const c = (await call(svc.baseUrl, 'GET', `/v1/customers/${sentOne}`, { token: partner.apiKey })).body;
      return c.mca.status === 'accepted' ? true : undefined;
    }, 'customer accepted');
    expect((await get(running.id)).counts).toEqual(frozen.counts);
    await sleep(1500);
    expect(completedHooks(running.id)).toHaveLength(1);
    expect(completedHooks(running.id)[0]!.data.status).toBe('cancelled');
    expect((await call(svc.baseUrl, 'POST', `/v1/campaigns/${running.id}/resume`, { token: partner.apiKey })).status).toBe(409);

    // Cancelled before anything was sent: its requests end cancelled and nobody is mailed.
    await svc.stopWorkers();
    let only: WorkerHost | undefined = await startWorkers(svc.ctx, ['campaigns']);
    try {
      const unsentEmail = 'k@kunde-eleven.example';
      const c = await start({ channel: 'email', customerIds: [await customer(unsentEmail)] });
      await until(c.id, 'queued', (x) => x.counts.queued === 1);
      await call(svc.baseUrl, 'POST', `/v1/campaigns/${c.id}/cancel`, { token: partner.apiKey });
      await only.close();
      only = undefined;
      await svc.startWorkers();
      const ended = await until(c.id, 'unsent cancelled', (x) => x.counts.cancelled === 1);
      expect(ended.counts).toMatchObject({ total: 1, cancelled: 1, queued: 0, sent: 0 });
      await sleep(500);
      expect(mailsTo(unsentEmail)).toHaveLength(0);
    } finally {
      await only?.close();
      if (!svc.workers) await svc.startWorkers();
    }
  });

  test("a campaign over no customers completes at once; another partner's customer named by id is not one of them", async () => {
    const other = await createPartner(svc.baseUrl, { name: 'Not Nordlys' });
    const theirs = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: other.apiKey,
      json: {
        tenantId: TENANT(),
        name: 'Theirs AS',
        country: 'NO',
        language: 'nb',
        representative: { firstName: 'Kari', lastName: 'Holm', email: 'kari@theirs.example' },
      },
    });
    expect(theirs.status).toBe(201);
    const c = await start({ channel: 'email', customerIds: [new Types.ObjectId().toString(), theirs.body.id] });
    const done = await until(c.id, 'completed', (x) => x.status === 'completed');
    expect(done.counts.total).toBe(0);
    expect(await svc.ctx.models.consentRequests.countDocuments({ customerId: theirs.body.id })).toBe(0);
    await waitFor(async () => (completedHooks(c.id).length === 1 ? true : undefined), 'campaign.completed');
  });

  test('an unknown filter value is a 400 problem; another partner gets 404', async () => {
    const bad = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'email', filter: { mcaStatus: ['bogus'] } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const unknownChannel = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'fax' } });
    expect(unknownChannel.status).toBe(400);
    const docusign = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'docusign' } });
    expect(docusign.status).toBe(422);

    const mine = await start({ channel: 'email', filter: { mcaStatus: ['declined'] } });
    const other = await createPartner(svc.baseUrl, { name: 'Someone Else' });
    for (const path of [`/v1/campaigns/${mine.id}`, `/v1/campaigns/${mine.id}/cancel`]) {
      const res = await call(svc.baseUrl, path.endsWith('cancel') ? 'POST' : 'GET', path, { token: other.apiKey });
      expect(res.status).toBe(404);
    }
    expect((await call(svc.baseUrl, 'GET', '/v1/campaigns', { token: other.apiKey })).body.items).toEqual([]);
  });
});
