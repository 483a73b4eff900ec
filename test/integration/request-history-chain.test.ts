import { Types } from 'mongoose';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/**
 * A request's `history` in the API is read from its customer's audit chain (issue 12): every
 * line the stored history gets has its event, with the same status and the same words
 * (addresses masked, as the chain keeps them). A request from before the chain shows its stored
 * history.
 */
describe("the API's request history, read from the chain", () => {
  let svc: TestService;
  let apiKey: string;

  beforeAll(async () => {
    svc = await startTestService();
    apiKey = (await createPartner(svc.baseUrl, { name: 'Kjede IT' })).apiKey;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const masked = (detail?: string) => detail?.replace(/[\w.+-]+@([\w-]+\.)+\w+/g, (a) => `email#…@${a.split('@')[1]}`);

  test('every stored line has its chain line (same status, same words); tampering with the stored array does not change what the API shows', async () => {
    const customer = await createCustomer(svc.baseUrl, apiKey);
    const email = 'line.lund@kjede.example';
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: apiKey,
      json: { channel: 'email', representative: { firstName: 'Line', lastName: 'Lund', email } },
    });
    expect(created.status).toBe(202);
    expect(created.body.history).toEqual([{ at: expect.any(String), status: 'queued', detail: 'requested by partner over the API (email)' }]);
    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;

    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    await postEmail(svc.baseUrl, await buildReply({ original: mail, from: `Line Lund <${email}>`, body: 'Jeg godtar.' }), INBOUND_SECRET);
    const done = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', path, { token: apiKey })).body;
      return r.status === 'accepted' ? r : undefined;
    }, 'request accepted');

    const stored = (await svc.ctx.models.consentRequests.findById(created.body.id).lean())!;
    expect(stored.history.map((h) => h.status)).toEqual(['queued', 'sent', 'accepted']);
    const shown = done.history.map((h: { status: string; detail?: string }) => ({
      status: h.status,
      detail: h.detail?.replace(/email#[a-f0-9]{8}/g, 'email#…'),
    }));
    expect(shown).toEqual(stored.history.map((h) => ({ status: h.status, detail: masked(h.detail) })));
    expect(JSON.stringify(done.history)).not.toContain(email);

    await svc.ctx.models.consentRequests.updateOne({ _id: stored._id }, { $set: { history: [] } });
    const again = (await call(svc.baseUrl, 'GET', path, { token: apiKey })).body;
    expect(again.history).toEqual(done.history);
  });

  test('a request from before the chain (no request.created event) shows its stored history', async () => {
    const customer = await createCustomer(svc.baseUrl, apiKey);
    const stored = await svc.ctx.models.customers.findById(customer.id).lean();
    const old = await svc.ctx.models.consentRequests.create({
      partnerId: stored!.partnerId,
      customerId: stored!._id,
      channel: 'email',
      status: 'sent',
      representative: { firstName: 'Gammel', lastName: 'Rad', email: 'gammel@kjede.example' },
      locale: 'nb',
      replyToken: new Types.ObjectId().toString(),
      sendCount: 1,
      history: [
        { at: new Date('2024-01-02T03:04:05Z'), status: 'queued', detail: 'requested long ago' },
        { at: new Date('2024-01-02T03:05:05Z'), status: 'sent' },
      ],
    });
    const res = await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}/consent-requests/${old._id.toString()}`, { token: apiKey });
    expect(res.body.history).toEqual([
      { at: '2024-01-02T03:04:05.000Z', status: 'queued', detail: 'requested long ago' },
      { at: '2024-01-02T03:05:05.000Z', status: 'sent' },
    ]);
  });
});
