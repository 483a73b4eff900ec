import { Webhook } from 'standardwebhooks';
import { createHash } from 'node:crypto';
import { call, createCustomer, createPartner, digestOf, download } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

/**
 * The first complete path, as a partner and a representative would walk it: request, the
 * localized email at a real SMTP server, a reply posted to the webhook, consent recorded,
 * tenant unlocked, partner told by email and signed webhook, ordering allowed.
 */
describe('consent by email reply, end to end', () => {
  let svc: TestService;
  let hooks: WebhookSink;

  beforeAll(async () => {
    svc = await startTestService();
    hooks = await startWebhookSink();
  });
  afterAll(async () => {
    await svc?.stop();
    await hooks?.close();
  });

  test('partner -> request -> Norwegian email -> "Jeg godtar" reply -> accepted, unlocked, notified once', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', notifyEmail: 'ops@nordlys.example', webhookUrl: hooks.url });
    expect(partner.apiKey).toMatch(/^mca_/);
    expect(partner.webhookSecret).toMatch(/^whsec_/);
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO' });

    const refused = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
      token: partner.apiKey,
      json: { customerId: customer.id, action: 'new-order', program: 'CSP' },
    });
    expect(refused.body).toMatchObject({ allowed: false, code: 'MCA_NOT_ACCEPTED' });

    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'Kari.Nordmann@Fjordkraft.example' } },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ customerId: customer.id, channel: 'email', status: 'queued' });
    const requestPath = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;

    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('kari.nordmann@fjordkraft.example'));
    expect(mail.parsed.subject).toContain('Microsoft-kundeavtalen');
    expect(mail.parsed.text).toContain('Jeg godtar');
    expect(mail.parsed.replyTo?.[0]?.address).toMatch(/^reply\+[a-f0-9]{40}@reply\.test\.mca$/);
    expect(mail.envelope.from).toMatch(/^bounce\+[a-f0-9]{40}@reply\.test\.mca$/);

    const sent = await waitFor(async () => {
      const r = await call(svc.baseUrl, 'GET', requestPath, { token: partner.apiKey });
      return r.body.status === 'sent' ? r.body : undefined;
    }, 'request sent');
    expect(sent.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent']);
    const stored = await svc.ctx.models.consentRequests.findById(created.body.id).lean();
    expect(stored?.messageIds).toEqual([mail.parsed.messageId?.replace(/[<>]/g, '')]);
    expect(sent.messageIds).toEqual(stored?.messageIds);
    expect((await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: partner.apiKey })).body.mca.status).toBe('pending');

    const reply = await buildReply({ original: mail, from: 'Kari Nordmann <kari.nordmann@fjordkraft.example>', body: 'Hei,\n\nJeg godtar.\n\nMvh Kari' });
    const posted = await postEmail(svc.baseUrl, reply, INBOUND_SECRET);
    expect(posted.status).toBe(202);

    const accepted = await waitFor(async () => {
      const r = await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: partner.apiKey });
      return r.body.ordering.status === 'unlocked' ? r.body : undefined;
    }, 'tenant unlocked');
    expect(accepted.mca).toMatchObject({
      status: 'accepted',
      method: 'email',
      representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari.nordmann@fjordkraft.example' },
    });
    expect(new Date(accepted.mca.acceptedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // The request's own step comes after the consent record, which queues the unlock: the
    // unlock can land first.
    const request = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', requestPath, { token: partner.apiKey })).body;
      return r.status === 'accepted' ? r : undefined;
    }, 'request accepted');
    expect(request.status).toBe('accepted');

    const record = await svc.ctx.models.consentRecords.findOne({ customerId: customer.id }).lean();
    expect(record?.evidence).toMatchObject({ kind: 'email', authentication: { authentic: true, dmarc: 'pass' } });
    expect(record?.evidence.kind === 'email' && record.evidence.rawSha256).toMatch(/^[a-f0-9]{64}$/);
    expect(record?.agreement).toMatchObject({ country: 'NO', language: 'nb' });

    // The partner (and its auditor) can read the record and fetch the reply exactly as it came.
    const records = (await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}/consent-records`, { token: partner.apiKey })).body;
    expect(records.items).toHaveLength(1);
    expect(records.items[0]).toMatchObject({
      layer: 'written',
      method: 'email',
      representative: { email: 'kari.nordmann@fjordkraft.example' },
      agreement: { country: 'NO', language: 'nb' },
      evidence: { kind: 'email', summary: { authentication: { dmarc: 'pass' } }, documents: [{ name: 'reply', contentType: 'message/rfc822' }] },
    });
    const replyDoc = await download(svc.baseUrl, records.items[0].evidence.documents[0].url, partner.apiKey);
    expect(replyDoc.status).toBe(200);
    expect(replyDoc.bytes.equals(reply)).toBe(true);
    expect(digestOf(replyDoc.headers)).toBe(createHash('sha256').update(reply).digest('hex'));

    const allowed = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
      token: partner.apiKey,
      json: { tenantId: customer.tenantId, action: 'quantity-change', program: 'CSP' },
    });
    expect(allowed.body).toEqual({ allowed: true });

    // The partner is told by email and by a Standard Webhooks-signed POST.
    const notice = await svc.smtp.waitFor((m) => m.envelope.to.includes('ops@nordlys.example'));
    expect(notice.parsed.subject).toMatch(/unlocked/i);
    const hook = await waitFor(async () => hooks.received[0], 'partner webhook');
    const event = new Webhook(partner.webhookSecret!).verify(hook.body, hook.headers as Record<string, string>) as {
      type: string;
      data: { customerId: string; tenantId: string };
    };
    expect(event).toMatchObject({ type: 'customer.unlocked', data: { customerId: customer.id, tenantId: customer.tenantId } });
    await waitFor(async () => {
      const pending = await svc.ctx.models.notifications.countDocuments({ status: 'pending' });
      return pending === 0 ? true : undefined;
    }, 'notifications delivered');
    expect(hooks.received).toHaveLength(1);
    expect(svc.smtp.received.filter((m) => m.envelope.to.includes('ops@nordlys.example'))).toHaveLength(1);
  });
});
