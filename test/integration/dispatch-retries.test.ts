import { call, createCustomer, createPartner } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

describe('sending the consent email', () => {
  let svc: TestService;
  let partner: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService();
    partner = await createPartner(svc.baseUrl, { name: 'Retries' });
  });
  afterAll(async () => svc?.stop());

  async function request(email: string, language = 'de-AT') {
    const c = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'AT', language });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${c.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Jonas', lastName: 'Huber', email } },
    });
    expect(res.status).toBe(202);
    return { path: `/v1/customers/${c.id}/consent-requests/${res.body.id}`, customerPath: `/v1/customers/${c.id}` };
  }

  test('a temporary SMTP failure is retried with backoff and the email goes out once', async () => {
    svc.smtp.failNext(2);
    const { path } = await request('jonas@firma.example');
    const retrying = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body;
      return r.lastError ? r : undefined;
    }, 'the retry shows on the request');
    expect(retrying.lastError).toMatch(/451.*\(retrying\)/);
    const sent = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body;
      return r.status === 'sent' ? r : undefined;
    }, 'sent after retries');
    expect(sent.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent']);
    expect(sent.lastError).toBeUndefined();
    const mails = svc.smtp.received.filter((m) => m.envelope.to.includes('jonas@firma.example'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toMatch(/Microsoft/);
    expect(mails[0]!.parsed.text).toContain('Ich stimme zu');
  });

  test('when every retry fails the request shows it', async () => {
    svc.smtp.failNext(100);
    const { path, customerPath } = await request('never@firma.example');
    const failed = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body;
      return r.status === 'failed' ? r : undefined;
    }, 'failed');
    svc.smtp.failNext(0);
    expect(failed.lastError).toMatch(/451|try again/i);
    expect(failed.history.at(-1).detail).toMatch(/sending failed after every retry/);
    // The customer's status follows the request's in a second update (transition-request.ts).
    await waitFor(
      async () => ((await call(svc.baseUrl, 'GET', customerPath, { token: partner.apiKey })).body.mca.status === 'needs-review' ? true : undefined),
      'customer needs review',
    );

    // The partner can fix things and resend.
    expect((await call(svc.baseUrl, 'POST', `${path}/resend`, { token: partner.apiKey })).status).toBe(202);
    await waitFor(async () => ((await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.status === 'sent' ? true : undefined), 'resent');
  });
});
