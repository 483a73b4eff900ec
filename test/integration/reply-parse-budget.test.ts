import { spawn } from 'node:child_process';
import path from 'node:path';
import { sweepOutbox } from '../../workers/scheduler/sweep-outbox';
import { MAX_REPLY_PARSE_ATTEMPTS } from '../../workers/inbound-email/reply-parse-attempts';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor, within } from '../harness/wait-for';
import { backtrackingReplyBody } from '../fixtures/email/backtracking-reply';

const ROOT = path.resolve(__dirname, '../..');

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
    // The parser's budget, lowered from 2 s: the service reads at most 1,000 lines of a reply, and
    // the crafted body's 1,000 lines take 1.4-3.3 s on a quiet 2-core machine (line length decides).
    svc = await startTestService({ env: { REPLY_PARSE_BUDGET: '1s' } });
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
          fetch(`${svc.baseUrl}/healthz`).then(
            (r) => r.status,
            () => 0,
          ),
          call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
            token: partner.apiKey,
            json: { customerId, action: 'new-order', program: 'CSP' },
          }).then(
            (r) => r.status,
            () => 0,
          ),
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

  async function sentRequest(email: string) {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO' });
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email } },
    });
    expect(created.status).toBe(202);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    return { customer, mail, requestPath: `/v1/customers/${customer.id}/consent-requests/${created.body.id}` };
  }

  test('ends in needs-review with the reason, the API never stops answering, a normal reply still works', async () => {
    const email = 'kari.budget@kunde.example';
    const { customer, mail, requestPath } = await sentRequest(email);

    const watch = watchApi(customer.id);
    const hostile = await buildReply({ original: mail, from: email, body: backtrackingReplyBody(40_000, 32), quote: false });
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

  test('a process that dies while reading a reply counts as an attempt: the message goes to review instead of being revived forever', async () => {
    const email = 'kari.crash@kunde.example';
    const { mail, requestPath } = await sentRequest(email);
    await svc.stopWorkers();
    const posted = await postEmail(svc.baseUrl, await buildReply({ original: mail, from: email, body: 'Jeg godtar' }), INBOUND_SECRET);
    expect(posted.status).toBe(202);
    const inboundId = posted.body!.id;

    for (let run = 1; run <= MAX_REPLY_PARSE_ATTEMPTS; run++) {
      // Each run takes the job (the first from the queue, the next once the killed one's lock
      // expired) and is killed in the middle of reading the reply.
      const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts', 'inbound-email'], {
        cwd: ROOT,
        env: { ...process.env, ...svc.env, MCA_FAILPOINT: 'during-reply-parse' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const signal = await within(died, 90_000, () => {
        child.kill('SIGKILL');
        throw new Error(`worker run ${run} did not reach the failpoint: ${stderr}`);
      });
      expect(signal).toBe('SIGKILL');
      expect((await svc.ctx.models.inboundEmails.findById(inboundId).lean())?.replyParseAttempts).toBe(run);
    }

    // BullMQ gives up on a job that stalled twice; the sweeper revives it, and the count ends it.
    await svc.startWorkers();
    const inbound = await waitFor(
      async () => {
        await sweepOutbox(svc.ctx);
        const m = await svc.ctx.models.inboundEmails.findById(inboundId).lean();
        return m?.status === 'processed' ? m : undefined;
      },
      'the twice-crashed reply to be processed',
      60_000,
    );
    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toBe(`the reply could not be parsed within the time budget: ${MAX_REPLY_PARSE_ATTEMPTS} attempts did not finish`);
    expect(inbound.replyParseAttempts).toBe(MAX_REPLY_PARSE_ATTEMPTS + 1);
    expect((await call(svc.baseUrl, 'GET', requestPath, { token: partner.apiKey })).body.status).toBe('needs-review');
  }, 240_000);
});
