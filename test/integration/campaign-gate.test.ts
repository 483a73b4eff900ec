import { Types } from 'mongoose';
import { campaignGate } from '@mca/core';
import { startWorkers, type WorkerHost } from '@mca/workers';
import { TENANT, call, createPartner } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The send step's question to a campaign (campaign-gate.ts) believes a `running` read for one
 * second, not longer: after a pause or a cancel, a send a second later is held or ended. Only
 * the campaigns queue runs, so the requests stay queued and the gate is asked here directly.
 */
describe("the send step's campaign gate", () => {
  let svc: TestService;
  let only: WorkerHost;
  let partner: { apiKey: string; id: string };

  beforeAll(async () => {
    svc = await startTestService({ workers: false });
    only = await startWorkers(svc.ctx, ['campaigns']);
    partner = await createPartner(svc.baseUrl, { name: 'Gate AS' });
  });
  afterAll(async () => {
    await only?.close();
    await svc?.stop();
  });

  async function queuedRequestsOfCampaign(n: number) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await call(svc.baseUrl, 'POST', '/v1/customers', {
        token: partner.apiKey,
        json: {
          tenantId: TENANT(),
          name: `Gate ${i} AS`,
          country: 'NO',
          language: 'nb-NO',
          representative: { firstName: 'Kari', lastName: 'Nordmann', email: `kari${i}@gate.example` },
        },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    const started = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'email', customerIds: ids } });
    expect(started.status).toBe(202);
    const campaign = started.body as { id: string };
    const campaignId = new Types.ObjectId(campaign.id);
    const requests = await waitFor(async () => {
      const found = await svc.ctx.models.consentRequests.find({ campaignId, status: 'queued' }).lean();
      return found.length === n ? found : undefined;
    }, 'queued requests');
    return { id: campaign.id, requests };
  }

  test('a pause holds the sends asked a second later; a cancel ends them', async () => {
    const c = await queuedRequestsOfCampaign(3);
    const [first, second, third] = c.requests;
    expect(await campaignGate(svc.ctx, first!)).toBe('go');
    expect((await call(svc.baseUrl, 'POST', `/v1/campaigns/${c.id}/pause`, { token: partner.apiKey })).status).toBe(200);
    await sleep(1_100);
    expect(await campaignGate(svc.ctx, second!)).toBe('held');
    expect(await svc.ctx.models.consentRequests.findById(second!._id).lean()).toMatchObject({ status: 'queued', heldByCampaign: true });

    expect((await call(svc.baseUrl, 'POST', `/v1/campaigns/${c.id}/cancel`, { token: partner.apiKey })).status).toBe(200);
    await sleep(1_100);
    expect(await campaignGate(svc.ctx, third!)).toBe('ended');
    expect((await svc.ctx.models.consentRequests.findById(third!._id).lean())?.status).toBe('cancelled');
  });
});
