import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/**
 * A reply that reached us before its request expired, read only after the expiry (the
 * inbound queue backed up: seen in a 2,000-customer campaign, where replies waited minutes
 * while expiries ran on time). The representative answered in time: the reply decides.
 */
describe('a reply received in time but read after the request expired', () => {
  let svc: TestService;
  let partner: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService({ env: { REMINDER_AFTER: 'none', REQUEST_EXPIRES_AFTER: '4s' } });
    partner = await createPartner(svc.baseUrl, { name: 'Sen Svar AS' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  async function sentRequest(email: string) {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO', name: 'Sen Kunde AS' });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Sen', email } },
    });
    expect(res.status).toBe(202);
    const original = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    return { customer, requestId: res.body.id as string, original };
  }
  const statusOf = async (requestId: string) => (await svc.ctx.models.consentRequests.findById(requestId).lean())?.status;

  async function withInboundBacklog(post: () => Promise<void>, requestIds: string[]) {
    const inbound = svc.ctx.queues.queue('inbound-email');
    await inbound.pause();
    try {
      await post();
      for (const id of requestIds) await waitFor(async () => ((await statusOf(id)) === 'expired' ? true : undefined), 'expired while the reply waits', 20_000);
    } finally {
      await inbound.resume();
    }
  }

  test('an accepting reply records the consent and moves the expired request to accepted; a late one does not', async () => {
    const inTime = await sentRequest('kari@sen.example');
    const reply = await buildReply({ original: inTime.original, from: 'kari@sen.example', body: 'Jeg godtar.' });
    await withInboundBacklog(async () => {
      expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
    }, [inTime.requestId]);

    await waitFor(async () => ((await statusOf(inTime.requestId)) === 'accepted' ? true : undefined), 'accepted after all', 30_000);
    const customer = (await call(svc.baseUrl, 'GET', `/v1/customers/${inTime.customer.id}`, { token: partner.apiKey })).body;
    expect(customer.mca.status).toBe('accepted');
    await waitFor(
      async () =>
        (await call(svc.baseUrl, 'GET', `/v1/customers/${inTime.customer.id}`, { token: partner.apiKey })).body.ordering.status === 'unlocked'
          ? true
          : undefined,
      'unlocked',
    );
    const history = (await svc.ctx.models.consentRequests.findById(inTime.requestId).lean())!.history.map((h) => h.status);
    expect(history.slice(-2)).toEqual(['expired', 'accepted']);

    // A reply that arrives after the expiry does not reopen the request.
    const late = await sentRequest('ola@sen.example');
    await waitFor(async () => ((await statusOf(late.requestId)) === 'expired' ? true : undefined), 'expired', 20_000);
    const lateReply = await buildReply({ original: late.original, from: 'ola@sen.example', body: 'Jeg godtar.' });
    const stored = await postEmail(svc.baseUrl, lateReply, INBOUND_SECRET);
    expect(stored.status).toBe(202);
    await waitFor(async () => ((await svc.ctx.models.inboundEmails.findOne({ requestId: late.requestId }).lean())?.outcome ? true : undefined), 'processed');
    expect((await svc.ctx.models.inboundEmails.findOne({ requestId: late.requestId }).lean())?.outcome).toBe('request-closed');
    expect(await statusOf(late.requestId)).toBe('expired');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: late.customer.id })).toBe(0);
  });
});
