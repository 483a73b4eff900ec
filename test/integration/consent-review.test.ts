import { openRecord } from '@mca/core';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/** POST …/review: the partner's decision on a reply the service would not decide alone. */
describe('review decision on a needs-review request', () => {
  let svc: TestService;
  let apiKey: string;

  beforeAll(async () => {
    svc = await startTestService();
    apiKey = (await createPartner(svc.baseUrl, { name: 'Review Partner' })).apiKey;
  });
  afterAll(async () => svc?.stop());

  /** A customer whose request went to review on an unclear reply. */
  async function inReview(email: string) {
    const customer = await createCustomer(svc.baseUrl, apiKey, { country: 'GB', language: 'en' });
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: apiKey,
      json: { channel: 'email', representative: { firstName: 'Ann', lastName: 'Lee', email } },
    });
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    const path = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', path, { token: apiKey })).body.status === 'sent' ? true : undefined), 'sent');
    expect(
      (await postEmail(svc.baseUrl, await buildReply({ original: mail, from: email, body: 'Yes, fine by us, go ahead', dmarc: 'fail' }), INBOUND_SECRET))
        .status,
    ).toBe(202);
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', path, { token: apiKey })).body.status === 'needs-review' ? true : undefined), 'needs-review');
    // The reply is marked processed just after the request moves: decide once it is.
    await waitFor(
      async () => ((await svc.ctx.models.inboundEmails.exists({ requestId: created.body.id, outcome: 'needs-review' })) ? true : undefined),
      'reply processed',
    );
    return { customer, path };
  }

  test('accept: two racing decisions record one consent, the tenant unlocks, a third is 409', async () => {
    const { customer, path } = await inReview('ann.accept@review.example');
    const bad = await call(svc.baseUrl, 'POST', `${path}/review`, { token: apiKey, json: { decision: 'maybe', note: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const decide = () => call(svc.baseUrl, 'POST', `${path}/review`, { token: apiKey, json: { decision: 'accept', note: 'confirmed by phone with Ann' } });
    const answers = await Promise.all([decide(), decide()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 200)!.body.status).toBe('accepted');

    const records = await Promise.all((await svc.ctx.models.consentRecords.find({ customerId: customer.id }).lean()).map((r) => openRecord(svc.ctx.vault, r)));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      method: 'email',
      evidence: { kind: 'email', classification: 'accepted on review by the partner: confirmed by phone with Ann' },
    });
    await waitFor(
      async () => ((await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: apiKey })).body.ordering.status === 'unlocked' ? true : undefined),
      'unlocked',
    );

    const again = await decide();
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(1);
    const history = (await call(svc.baseUrl, 'GET', path, { token: apiKey })).body.history;
    expect(history.filter((h: { status: string }) => h.status === 'accepted')).toHaveLength(1);
  });

  test('reject: the request is declined with the note, nothing is recorded', async () => {
    const { customer, path } = await inReview('ann.reject@review.example');
    const res = await call(svc.baseUrl, 'POST', `${path}/review`, { token: apiKey, json: { decision: 'reject', note: 'not their signatory' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('declined');
    expect(res.body.history.at(-1).detail).toBe('rejected on review by the partner: not their signatory');
    expect((await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: apiKey })).body).toMatchObject({
      mca: { status: 'declined' },
      ordering: { status: 'locked' },
    });
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId: customer.id })).toBe(0);
    // The partner's feed says how the request ended, once, with the note as the reason.
    type FeedEvent = { type: string; data: { customerId: string; requestId: string; reason: string } };
    const declinedInFeed = async () =>
      ((await call(svc.baseUrl, 'GET', '/v1/events?limit=500', { token: apiKey })).body.items as FeedEvent[]).filter(
        (e) => e.type === 'consent.declined' && e.data.customerId === customer.id,
      );
    // The feed holds the newest seconds back (list-events.ts).
    const declined = await waitFor(async () => ((await declinedInFeed()).length ? declinedInFeed() : undefined), 'consent.declined in the feed');
    expect(declined).toHaveLength(1);
    expect(declined[0]!.data).toMatchObject({ requestId: res.body.id, reason: 'rejected on review by the partner: not their signatory' });
    expect((await call(svc.baseUrl, 'POST', `${path}/review`, { token: apiKey, json: { decision: 'accept', note: 'changed my mind' } })).status).toBe(409);
  });
});
