import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import { backtrackingReplyBody } from '../fixtures/email/backtracking-reply';

/** How long the API may go without answering while a hostile reply is read. */
const MAX_SILENCE_MS = 1_000;

/**
 * A reply crafted to make the third-party reply parser backtrack for minutes must not stall
 * the service: the API and the workers share this process (as in the test harness), and the
 * API keeps answering health checks and order authorizations every 50 ms throughout.
 */
describe('a reply that makes the reply parser backtrack', () => {
  let svc: TestService;
  let partner: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService();
    partner = await createPartner(svc.baseUrl, { name: 'Budget', notifyEmail: 'review@budget.example' });
  });
  afterAll(async () => svc?.stop());

  /** Calls GET /healthz and POST /v1/orders/authorize in a loop; records the longest silence. */
  function watchApi(customerId: string) {
    let stopped = false;
    let last = Date.now();
    let longestSilenceMs = 0;
    const answers: number[] = [];
    const loop = (async () => {
      while (!stopped) {
        const [health, order] = await Promise.all([
          fetch(`${svc.baseUrl}/healthz`).then((r) => r.status, () => 0),
          call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
            token: partner.apiKey,
            json: { customerId, action: 'new-order', program: 'CSP' },
          }).then((r) => r.status, () => 0),
        ]);
        answers.push(health, order);
        const now = Date.now();
        longestSilenceMs = Math.max(longestSilenceMs, now - last);
        last = now;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let result: Promise<{ longestSilenceMs: number; answers: number[] }> | undefined;
    return {
      stop() {
        stopped = true;
        result ??= loop.then(() => ({ longestSilenceMs: Math.max(longestSilenceMs, Date.now() - last), answers }));
        return result;
      },
    };
  }

  test('ends in needs-review with the reason, the API never stops answering, a normal reply still works', async () => {
    const email = 'kari.budget@kunde.example';
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO' });
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email } },
    });
    expect(created.status).toBe(202);
    const requestPath = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));

    const watch = watchApi(customer.id);
    const hostile = await buildReply({ original: mail, from: email, body: backtrackingReplyBody(40_000), quote: false });
    const posted = await postEmail(svc.baseUrl, hostile, INBOUND_SECRET);
    expect(posted.status).toBe(202);
    const inbound = await waitFor(
      async () => {
        const m = await svc.ctx.models.inboundEmails.findById(posted.body!.id).lean();
        return m?.status === 'processed' ? m : undefined;
      },
      'the hostile reply to be processed',
      120_000,
    ).finally(() => watch.stop());
    const { longestSilenceMs, answers } = await watch.stop();

    expect(longestSilenceMs).toBeLessThan(MAX_SILENCE_MS);
    expect(answers.length).toBeGreaterThan(4);
    expect(answers.every((status) => status === 200)).toBe(true);

    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toMatch(/the reply could not be parsed within the time budget/);
    expect(inbound.replyParseAttempts).toBe(2);
    const request = (await call(svc.baseUrl, 'GET', requestPath, { token: partner.apiKey })).body;
    expect(request.status).toBe('needs-review');
    expect(request.history.at(-1).detail).toMatch(/the reply could not be parsed within the time budget/);
    // Told once, and the message is not revived: a sweep finds nothing to do.
    await svc.smtp.waitFor((m) => m.envelope.to.includes('review@budget.example') && m.parsed.text!.includes(customer.tenantId));
    expect(await svc.ctx.models.notifications.countDocuments({ customerId: customer.id, event: 'consent.needs_review' })).toBe(1);

    const normal = await postEmail(svc.baseUrl, await buildReply({ original: mail, from: email, body: 'Jeg godtar' }), INBOUND_SECRET);
    const accepted = await waitFor(async () => {
      const m = await svc.ctx.models.inboundEmails.findById(normal.body!.id).lean();
      return m?.status === 'processed' ? m : undefined;
    }, 'the normal reply to be processed');
    expect(accepted.outcome).toBe('accepted');
    expect((await call(svc.baseUrl, 'GET', requestPath, { token: partner.apiKey })).body.status).toBe('accepted');
  }, 240_000);
});
