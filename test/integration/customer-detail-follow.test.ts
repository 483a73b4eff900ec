import { Types } from 'mongoose';
import { moveRequest } from '@mca/core';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';

/**
 * A send (queued -> sent) leaves the customer `pending`: the move writes the customer's detail
 * directly, with no outbox marker, and only while the customer is still pending on this request,
 * so a move that overtook it is never undone.
 */
describe('a move that keeps the customer status writes only its detail', () => {
  let svc: TestService;
  let apiKey: string;
  beforeAll(async () => {
    svc = await startTestService({ workers: false });
    ({ apiKey } = await createPartner(svc.baseUrl, { name: 'Detail follow' }));
  });
  afterAll(async () => {
    await svc?.stop();
  });

  async function queuedRequest() {
    const customer = await createCustomer(svc.baseUrl, apiKey);
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@kunde.example' } },
    });
    expect(res.status).toBe(202);
    const requestId = new Types.ObjectId((res.body as { id: string }).id);
    const customerId = new Types.ObjectId(customer.id);
    expect((await svc.ctx.models.customers.findById(customerId).lean())?.mca).toMatchObject({ status: 'pending', requestId });
    return { customerId, requestId };
  }

  test('sent: the customer stays pending and shows the detail; the request carries no marker', async () => {
    const { customerId, requestId } = await queuedRequest();
    const moved = await moveRequest(svc.ctx, { requestId, to: 'sent', from: ['queued'], detail: 'email sent to the representative' });
    expect(moved?.status).toBe('sent');
    expect(moved?.customerFollowPendingSince).toBeUndefined();
    expect((await svc.ctx.models.customers.findById(customerId).lean())?.mca).toMatchObject({
      status: 'pending',
      requestId,
      detail: 'email sent to the representative',
    });
    expect((await svc.ctx.models.consentRequests.findById(requestId).lean())?.customerFollowPendingSince).toBeUndefined();
  });

  test('a customer that moved on meanwhile keeps its status and detail', async () => {
    const { customerId, requestId } = await queuedRequest();
    await svc.ctx.models.customers.updateOne({ _id: customerId }, { $set: { 'mca.status': 'needs-review', 'mca.detail': 'looked at by staff' } });
    await moveRequest(svc.ctx, { requestId, to: 'sent', from: ['queued'], detail: 'email sent to the representative' });
    expect((await svc.ctx.models.customers.findById(customerId).lean())?.mca).toMatchObject({ status: 'needs-review', detail: 'looked at by staff' });
  });

  test('a marker left by an earlier crashed move is still finished: the customer follows fully', async () => {
    const { customerId, requestId } = await queuedRequest();
    // As if the request's creation crashed before the customer followed it.
    await svc.ctx.models.customers.updateOne({ _id: customerId }, { $set: { 'mca.status': 'not-requested' } });
    await svc.ctx.models.consentRequests.updateOne({ _id: requestId }, { $set: { customerFollowPendingSince: new Date() } });
    await moveRequest(svc.ctx, { requestId, to: 'sent', from: ['queued'], detail: 'email sent to the representative' });
    expect((await svc.ctx.models.customers.findById(customerId).lean())?.mca).toMatchObject({ status: 'pending', detail: 'email sent to the representative' });
    expect((await svc.ctx.models.consentRequests.findById(requestId).lean())?.customerFollowPendingSince).toBeUndefined();
  });
});
