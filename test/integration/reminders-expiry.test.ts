import { spawn } from 'node:child_process';
import path from 'node:path';
import { HISTORY_LIMIT } from '@mca/core';
import { sweepOutbox } from '@mca/workers';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import type { ReceivedMail } from '../harness/smtp-sink';
import { waitFor, within } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const bare = (id: string | undefined) => id?.replace(/[<>]/g, '');
const reminderNumber = (m: ReceivedMail) => m.parsed.headers.find((h) => h.key === 'x-mca-reminder')?.value;
const ROOT = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reminders and expiry on real parts, with the schedule in seconds: REMINDER_AFTER=2s,4s and
 * REQUEST_EXPIRES_AFTER=6s. Reminders are BullMQ delayed jobs backed by `nextReminderAt` and
 * `expiresAt` on the request, which the sweeper acts on when a job is lost.
 */
describe('reminders and expiry', () => {
  let svc: TestService;
  let hooks: WebhookSink;
  let partner: { apiKey: string };

  beforeAll(async () => {
    hooks = await startWebhookSink();
    svc = await startTestService({ env: { REMINDER_AFTER: '2s,4s', REQUEST_EXPIRES_AFTER: '6s' } });
    partner = await createPartner(svc.baseUrl, { name: 'Wolke GmbH', webhookUrl: hooks.url });
  });
  afterAll(async () => {
    await svc?.stop();
    await hooks?.close();
  });

  async function requestSent(email: string, language = 'de-DE') {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'DE', language, name: 'Bergbau Kunde GmbH' });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Greta', lastName: 'Berg', email } },
    });
    expect(res.status).toBe(202);
    const original = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && !reminderNumber(m));
    await waitFor(async () => ((await svc.ctx.models.consentRequests.findById(res.body.id).lean())?.status === 'sent' ? true : undefined), 'sent');
    return { customerId: customer.id, requestId: res.body.id as string, original, path: `/v1/customers/${customer.id}/consent-requests/${res.body.id}` };
  }
  const mailsTo = (email: string) => svc.smtp.received.filter((m) => m.envelope.to.includes(email));
  const remindersTo = (email: string) => mailsTo(email).filter((m) => reminderNumber(m) !== undefined);
  const eventsFor = (requestId: string, type: string) =>
    hooks.received.filter((h) => {
      const body = JSON.parse(h.body) as { type: string; data: { requestId?: string } };
      return body.type === type && body.data.requestId === requestId;
    });

  test('two reminders in the customer language, same Reply-To, threaded; then expired, webhook once, ordering locked', async () => {
    const email = 'greta@reminded.example';
    const { customerId, requestId, original, path } = await requestSent(email);
    const first = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    const second = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '2');
    for (const reminder of [first, second]) {
      expect(reminder.parsed.subject).toMatch(/^Erinnerung/);
      expect(reminder.parsed.text).toContain('Ich stimme zu');
      expect(reminder.parsed.replyTo?.[0]?.address).toBe(original.parsed.replyTo?.[0]?.address);
      expect(reminder.envelope.from).toBe(original.envelope.from);
      expect(reminder.parsed.inReplyTo).toBe(original.parsed.messageId);
      expect(reminder.parsed.references).toContain(bare(original.parsed.messageId));
      expect(reminder.parsed.messageId).not.toBe(original.parsed.messageId);
    }
    expect(first.parsed.messageId).not.toBe(second.parsed.messageId);
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    expect(stored?.messageIds).toEqual([original, first, second].map((m) => bare(m.parsed.messageId)));
    const shown = (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body;
    if (shown.status === 'sent') {
      expect(shown).toMatchObject({ remindersSent: 2, expiresAt: stored!.expiresAt!.toISOString() });
      expect(shown.nextReminderAt).toBeUndefined();
    }

    const expired = await waitFor(async () => {
      const r = await call(svc.baseUrl, 'GET', path, { token: partner.apiKey });
      return r.body.status === 'expired' ? r.body : undefined;
    }, 'request expired');
    expect(expired.history.at(-1).detail).toMatch(/within 6 seconds/);
    await waitFor(async () => (eventsFor(requestId, 'consent.expired').length > 0 ? true : undefined), 'consent.expired webhook');
    const customer = (await call(svc.baseUrl, 'GET', `/v1/customers/${customerId}`, { token: partner.apiKey })).body;
    expect(customer.mca.status).toBe('expired');
    expect(customer.ordering.status).toBe('locked');
    // Nothing more comes: no third reminder, no second webhook (the sweeper finds nothing to do either).
    await sweepOutbox(svc.ctx);
    await sleep(1_500);
    expect(remindersTo(email)).toHaveLength(2);
    expect(eventsFor(requestId, 'consent.expired')).toHaveLength(1);
  });

  test('a reply to the reminder, by thread only, is correlated and accepted; no second reminder follows', async () => {
    const email = 'greta@answers.example';
    const { customerId, requestId } = await requestSent(email);
    const first = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    const reply = await buildReply({ original: first, correlate: 'thread', from: `Greta Berg <${email}>`, body: 'Guten Tag,\n\nIch stimme zu.\n\nGreta' });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
    await waitFor(async () => {
      const c = await call(svc.baseUrl, 'GET', `/v1/customers/${customerId}`, { token: partner.apiKey });
      return c.body.mca.status === 'accepted' ? true : undefined;
    }, 'accepted');
    // Usually 1; a slow machine may have sent the second before the reply was processed.
    const beforeAnswer = remindersTo(email).length;
    // Past the second reminder's time and the expiry: neither happens to an answered request.
    await sleep(6_500);
    expect(remindersTo(email)).toHaveLength(beforeAnswer);
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    expect(stored?.status).toBe('accepted');
  });

  test('a reminder recorded on a request whose history is full keeps the history at its cap', async () => {
    const email = 'greta@long-history.example';
    const { requestId } = await requestSent(email);
    const filler = Array.from({ length: HISTORY_LIMIT }, (_, i) => ({ at: new Date(), status: 'sent', detail: `earlier entry ${i}` }));
    // Before reminder 1 is recorded (due 2 s after the send): the condition makes the race visible.
    const seeded = await svc.ctx.models.consentRequests.updateOne({ _id: requestId, remindersSent: 0 }, { $set: { history: filler } });
    expect(seeded.modifiedCount).toBe(1);
    const stored = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(requestId).lean();
      return r?.remindersSent === 1 && r.history.length === HISTORY_LIMIT ? r : undefined;
    }, 'reminder 1 recorded, history trimmed');
    expect(stored.historyDropped).toBe(1);
    expect(stored.history.at(-1)).toMatchObject({ status: 'sent', detail: 'reminder 1 sent to the representative' });
    expect(stored.history[0]).toMatchObject({ detail: 'earlier entry 1' });
  });

  test('a cancelled request gets no reminder and does not expire', async () => {
    const email = 'greta@cancelled.example';
    const { path, requestId } = await requestSent(email);
    expect((await call(svc.baseUrl, 'POST', `${path}/cancel`, { token: partner.apiKey })).status).toBeLessThan(300);
    await sleep(7_000);
    expect(remindersTo(email)).toHaveLength(0);
    expect((await svc.ctx.models.consentRequests.findById(requestId).lean())?.status).toBe('cancelled');
    expect(eventsFor(requestId, 'consent.expired')).toHaveLength(0);
  });

  test('workers restarted between the reminders: each reminder is sent once', async () => {
    const email = 'greta@restart.example';
    await requestSent(email);
    await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    await svc.stopWorkers();
    // The second reminder falls due while no worker runs; the delayed job waits in Redis.
    await sleep(2_500);
    await svc.startWorkers();
    await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '2');
    await sleep(1_000);
    expect(remindersTo(email).map(reminderNumber)).toEqual(['1', '2']);
  });

  test('a worker killed right after a reminder left: the retry reuses its Message-ID and records it once', async () => {
    const email = 'greta@killed.example';
    await svc.stopWorkers();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...svc.env, MCA_FAILPOINT: 'after-reminder-sent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const { requestId } = await requestSent(email);
    const signal = await within(died, 60_000, () => {
      throw new Error(`child did not die: ${stderr}`);
    });
    expect(signal).toBe('SIGKILL');
    expect((await svc.ctx.models.consentRequests.findById(requestId).lean())?.remindersSent).toBe(0);

    await svc.startWorkers();
    await waitFor(
      async () => ((await svc.ctx.models.consentRequests.findById(requestId).lean())?.remindersSent === 2 ? true : undefined),
      'both reminders recorded',
      30_000,
    );
    const reminders = remindersTo(email);
    const idsOf = (n: string) => new Set(reminders.filter((m) => reminderNumber(m) === n).map((m) => m.parsed.messageId));
    // The killed run's message and its retry are one message to the receiver: one Message-ID.
    expect(idsOf('1').size).toBe(1);
    expect(idsOf('2').size).toBe(1);
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    expect(stored!.history.filter((h) => h.detail?.startsWith('reminder '))).toHaveLength(2);
    expect(stored!.messageIds).toHaveLength(3);
  });

  test('the delayed jobs deleted from Redis: the sweeper recovers the reminder and the expiry from the request', async () => {
    const email = 'greta@flushed.example';
    const { requestId } = await requestSent(email);
    const emailQueue = svc.ctx.queues.queue('dispatch-email');
    const expiryQueue = svc.ctx.queues.queue('expiry');
    await (await emailQueue.getJob(`remind-${requestId}-1-1`))!.remove();
    await (await expiryQueue.getJob(`expire-${requestId}-1`))!.remove();
    await sleep(3_000);
    expect(remindersTo(email)).toHaveLength(0);

    expect((await sweepOutbox(svc.ctx)).reminder).toBe(1);
    await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    // From there the chain goes on by itself; the expiry is recovered once it is due.
    await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '2');
    await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(requestId).lean();
      return r && r.expiresAt && r.expiresAt.getTime() < Date.now() - 1_000 ? true : undefined;
    }, 'expiry due');
    expect((await svc.ctx.models.consentRequests.findById(requestId).lean())?.status).toBe('sent');
    expect((await sweepOutbox(svc.ctx)).expiry).toBe(1);
    await waitFor(async () => ((await svc.ctx.models.consentRequests.findById(requestId).lean())?.status === 'expired' ? true : undefined), 'expired');
    await waitFor(async () => (eventsFor(requestId, 'consent.expired').length === 1 ? true : undefined), 'consent.expired webhook');
    expect(remindersTo(email)).toHaveLength(2);
  });
});

describe('reminders turned off', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ env: { REMINDER_AFTER: 'none', REQUEST_EXPIRES_AFTER: '3s' } });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  test('REMINDER_AFTER=none sends no reminder; the request still expires', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Stille AB' });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'SE', language: 'sv-SE' });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Sven', lastName: 'Ek', email: 'sven@quiet.example' } },
    });
    expect(res.status).toBe(202);
    await waitFor(async () => {
      const c = await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: partner.apiKey });
      return c.body.mca.status === 'expired' ? true : undefined;
    }, 'expired');
    const stored = await svc.ctx.models.consentRequests.findById(res.body.id).lean();
    expect(stored?.nextReminderAt).toBeUndefined();
    expect(svc.smtp.received.filter((m) => m.envelope.to.includes('sven@quiet.example'))).toHaveLength(1);
  });
});
