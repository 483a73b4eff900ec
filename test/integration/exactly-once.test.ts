import { spawn } from 'node:child_process';
import path from 'node:path';
import { sweepOutbox } from '@mca/workers';
import { sha256Hex } from '@mca/platform';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor, within } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const ROOT = path.resolve(__dirname, '../..');

/**
 * "Exactly once in effect": redelivered replies, racing replies and workers killed mid-job
 * end with one consent record, one unlock and one notification per channel.
 */
describe('exactly once in effect', () => {
  let svc: TestService;
  let hooks: WebhookSink;

  beforeEach(async () => {
    svc = await startTestService();
    hooks = await startWebhookSink();
  });
  afterEach(async () => {
    await svc?.stop();
    await hooks?.close();
  });

  async function requestSent(email = 'anna@kunde.example') {
    const partner = await createPartner(svc.baseUrl, { name: 'Partner', notifyEmail: 'ops@partner.example', webhookUrl: hooks.url });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'DE', language: 'de-DE' });
    const req = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Anna', lastName: 'Schmidt', email } },
    });
    expect(req.status).toBe(202);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    await waitFor(async () => ((await svc.ctx.models.consentRequests.findById(req.body.id).lean())?.status === 'sent' ? true : undefined), 'sent');
    return { partner, customer, requestId: req.body.id as string, mail };
  }

  async function expectOneOfEverything(customerId: string) {
    await waitFor(async () => {
      const c = await svc.ctx.models.customers.findById(customerId).lean();
      const pending = await svc.ctx.models.notifications.countDocuments({ status: 'pending' });
      return c?.ordering.status === 'unlocked' && !c.unlockPendingSince && pending === 0 && hooks.received.length > 0 ? true : undefined;
    }, 'unlock and notifications');
    expect(await svc.ctx.models.consentRecords.countDocuments({ customerId })).toBe(1);
    expect(await svc.ctx.models.notifications.countDocuments({ customerId, event: 'customer.unlocked' })).toBe(2);
    expect(hooks.received.filter((h) => JSON.parse(h.body).type === 'customer.unlocked')).toHaveLength(1);
    expect(svc.smtp.received.filter((m) => m.envelope.to.includes('ops@partner.example'))).toHaveLength(1);
  }

  test('the same reply delivered 4 times at once is stored once and counted once', async () => {
    const { customer, mail } = await requestSent();
    const raw = await buildReply({ original: mail, from: 'anna@kunde.example', body: 'Ich stimme zu.\n\nViele Grüße\nAnna Schmidt' });
    const answers = await Promise.all([1, 2, 3, 4].map(() => postEmail(svc.baseUrl, raw, INBOUND_SECRET)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body?.id)).size).toBe(1);
    expect(answers.filter((a) => a.body?.duplicate)).toHaveLength(3);
    expect(await svc.ctx.models.inboundEmails.countDocuments({ sha256: sha256Hex(raw) })).toBe(1);
    await expectOneOfEverything(customer.id);
    // A redelivery after everything happened changes nothing either.
    expect((await postEmail(svc.baseUrl, raw, INBOUND_SECRET)).body?.duplicate).toBe(true);
  });

  test('two different accepting replies racing give one consent record', async () => {
    const { customer, mail } = await requestSent();
    const a = await buildReply({ original: mail, from: 'anna@kunde.example', body: 'Ich stimme zu.' });
    const b = await buildReply({ original: mail, from: 'anna@kunde.example', body: 'Einverstanden.' });
    await Promise.all([postEmail(svc.baseUrl, a, INBOUND_SECRET), postEmail(svc.baseUrl, b, INBOUND_SECRET)]);
    await expectOneOfEverything(customer.id);
    await waitFor(async () => ((await svc.ctx.models.inboundEmails.countDocuments({ status: 'processed' })) === 2 ? true : undefined), 'both processed');
    const outcomes = (await svc.ctx.models.inboundEmails.find({}, { outcome: 1 }).lean()).map((m) => m.outcome).sort();
    expect(outcomes).toEqual(['accepted', 'request-closed']);
  });

  test.each([
    ['after-consent-recorded', 0],
    ['after-unlock', 0],
    ['after-partner-notified', 2],
  ])('a worker killed at %s is finished by another, once', async (point, notificationsAtCrash) => {
    const { customer, mail } = await requestSent();
    await svc.stopWorkers();

    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...svc.env, MCA_FAILPOINT: point },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    const raw = await buildReply({ original: mail, from: 'anna@kunde.example', body: 'Ich stimme zu' });
    expect((await postEmail(svc.baseUrl, raw, INBOUND_SECRET)).status).toBe(202);
    const signal = await within(died, 30_000, () => {
      throw new Error(`child did not die: ${stderr}`);
    });
    expect(signal).toBe('SIGKILL');

    // The crash left the work half done...
    const c = await svc.ctx.models.customers.findById(customer.id).lean();
    expect(c?.mca.status).toBe('accepted');
    expect(await svc.ctx.models.notifications.countDocuments({})).toBe(notificationsAtCrash);

    // ...and a fresh worker finishes it: the killed job's lock expires and it runs again.
    await svc.startWorkers();
    await expectOneOfEverything(customer.id);
    // The unlock was queued before the crash and may finish before the re-run of the reply does.
    const request = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findOne({ customerId: customer.id }).lean();
      return r?.status === 'accepted' ? r : undefined;
    }, 'the re-run of the reply to accept the request');
    expect(request.status).toBe('accepted');
  });

  test('a worker killed between the request moving and the customer following: the retried job finishes the customer', async () => {
    const { customer, mail } = await requestSent();
    await svc.stopWorkers();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...svc.env, MCA_FAILPOINT: 'after-request-moved' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const died = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const raw = await buildReply({ original: mail, from: 'anna@kunde.example', body: 'Nein, danke.' });
    expect((await postEmail(svc.baseUrl, raw, INBOUND_SECRET)).status).toBe(202);
    expect(
      await within(died, 30_000, () => {
        throw new Error(`child did not die: ${stderr}`);
      }),
    ).toBe('SIGKILL');

    // The request moved, the customer did not: the marker says it still has to.
    const request = await svc.ctx.models.consentRequests.findOne({ customerId: customer.id }).lean();
    expect(request?.status).toBe('declined');
    expect(request?.customerFollowPendingSince).toBeInstanceOf(Date);
    expect((await svc.ctx.models.customers.findById(customer.id).lean())?.mca.status).toBe('pending');

    await svc.startWorkers();
    await waitFor(async () => {
      const c = await svc.ctx.models.customers.findById(customer.id).lean();
      const r = await svc.ctx.models.consentRequests.findById(request!._id).lean();
      return c?.mca.status === 'declined' && !r?.customerFollowPendingSince ? true : undefined;
    }, 'customer declined, marker cleared');
    expect(await sweepOutbox(svc.ctx)).toMatchObject({ customer: 0 });
  });

  test('a customer left behind by its request is moved by the sweeper', async () => {
    const { customer, requestId } = await requestSent();
    // What a crash right after transitionRequest leaves: the request moved and marked, the customer not.
    await svc.ctx.models.consentRequests.updateOne(
      { _id: requestId },
      {
        $set: { status: 'expired', customerFollowPendingSince: new Date(Date.now() - 60_000) },
        $push: { history: { at: new Date(), status: 'expired', detail: 'gone quiet' } },
      },
    );
    expect((await sweepOutbox(svc.ctx)).customer).toBe(1);
    expect((await svc.ctx.models.customers.findById(customer.id).lean())?.mca).toMatchObject({ status: 'expired', detail: 'gone quiet' });
    expect((await sweepOutbox(svc.ctx)).customer).toBe(0);
  });

  test('work stored but never enqueued (crash between Mongo and Redis) is picked up by the sweeper', async () => {
    const { customer, mail } = await requestSent();
    await svc.stopWorkers();
    const raw = await buildReply({ original: mail, from: 'anna@kunde.example', body: 'Ich stimme zu' });
    // What the webhook stores, without the enqueue that a crash would lose.
    const inbound = await svc.ctx.models.inboundEmails.create({
      dedupKey: `sha256:${sha256Hex(raw)}`,
      raw,
      sha256: sha256Hex(raw),
      size: raw.length,
      status: 'received',
      receivedAt: new Date(Date.now() - 60_000),
    });
    await svc.startWorkers();
    const counts = await sweepOutbox(svc.ctx);
    expect(counts.inbound).toBe(1);
    await expectOneOfEverything(customer.id);
    expect((await svc.ctx.models.inboundEmails.findById(inbound._id).lean())?.outcome).toBe('accepted');
    // A second sweep finds nothing left to do.
    expect(await sweepOutbox(svc.ctx)).toEqual({ inbound: 0, connect: 0, unlock: 0, notify: 0, dispatch: 0, reminder: 0, expiry: 0, campaign: 0, customer: 0 });
  });
});
