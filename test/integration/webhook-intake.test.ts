import { createHmac, randomUUID } from 'node:crypto';
import { metrics } from '@mca/platform';
import { sealArrivedRaw, webhookIntake, type InboundEmail } from '@mca/core';
import { call } from '../harness/api-client';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';

const HMAC_KEY = 'intake-connect-key-0123456789';

const email = (key: string) =>
  Buffer.from(
    `From: Someone <someone@sender.example>\r\nTo: reply+x@reply.test.mca\r\nSubject: Re: ${key}\r\nMessage-ID: <${key}@sender.example>\r\n\r\nI accept.\r\n`,
  );

const connectBody = (envelopeId: string) =>
  Buffer.from(
    JSON.stringify({ event: 'envelope-sent', apiVersion: 'v2.1', generatedDateTime: '2026-12-02T10:00:00Z', data: { envelopeId, recipientId: '1' } }),
  );

async function batchesObserved(webhook: string): Promise<{ count: number; sum: number }> {
  const values = (await metrics.webhookIntakeBatch.get()).values.filter((v) => v.labels.webhook === webhook);
  const of = (name: string) => values.find((v) => v.metricName === `mca_webhook_intake_batch_size_${name}`)?.value ?? 0;
  return { count: of('count'), sum: of('sum') };
}

/**
 * Webhooks arriving together are stored with one insert and enqueued with one addBulk (group
 * commit); each request must still get its own answer: stored once, one job, a redelivery
 * recognised even when it is in the same batch as its first delivery.
 */
describe('webhook intake, many at once', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ workers: false, env: { DOCUSIGN_CONNECT_HMAC_KEYS: HMAC_KEY } });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('/webhooks/email: concurrent messages and redeliveries are each stored once, with one job each, carrying its request id', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `intake-${i}-${randomUUID()}`);
    // Stored before the burst: their redeliveries find a copy from an earlier batch.
    const earlier = await Promise.all(
      keys.slice(0, 5).map((k) => call(svc.baseUrl, 'POST', '/webhooks/email', { token: INBOUND_SECRET, contentType: 'message/rfc822', body: email(k) })),
    );
    const before = await batchesObserved('email');
    // Every fourth message twice within the burst, and the five earlier ones again.
    const sends = [...keys, ...keys.filter((_, i) => i % 4 === 0), ...keys.slice(0, 5)].map((key, n) => ({ key, reqId: `intake-req-${n}` }));
    const answers = await Promise.all(
      sends.map(async (s) => ({
        ...s,
        res: await call(svc.baseUrl, 'POST', '/webhooks/email', {
          token: INBOUND_SECRET,
          contentType: 'message/rfc822',
          body: email(s.key),
          headers: { 'x-request-id': s.reqId },
        }),
      })),
    );
    expect(answers.map((a) => a.res.status)).toEqual(sends.map(() => 202));
    const after = await batchesObserved('email');
    expect(after.sum - before.sum).toBe(sends.length);
    expect(after.count - before.count).toBeLessThan(sends.length); // some were grouped

    const rows = await svc.ctx.models.inboundEmails.find({}, { dedupKey: 1 }).lean();
    expect(rows).toHaveLength(keys.length);
    const idOf = new Map(rows.map((r) => [r.dedupKey, String(r._id)]));
    for (const key of keys) {
      const mine = answers.filter((a) => a.key === key);
      const wasEarlier = keys.indexOf(key) < 5;
      // All deliveries of one message name the one stored copy; only a first delivery says new.
      expect(mine.map((a) => a.res.body.id)).toEqual(mine.map(() => idOf.get(`mid:${key}@sender.example`)));
      expect(mine.filter((a) => !a.res.body.duplicate)).toHaveLength(wasEarlier ? 0 : 1);
    }
    expect(earlier.map((e) => e.status)).toEqual(earlier.map(() => 202));

    const jobs = await svc.ctx.queues.queue('inbound-email').getJobs(['waiting']);
    expect(jobs.map((j) => j.data.inboundEmailId).sort()).toEqual([...idOf.values()].sort());
    // A job enqueued in the burst carries the id of a request that delivered its message, not another request's.
    const earlierIds = new Set(earlier.map((e) => e.body.id));
    for (const job of jobs.filter((j) => !earlierIds.has(j.data.inboundEmailId))) {
      const carriers = answers.filter((a) => a.res.body.id === job.data.inboundEmailId).map((a) => a.reqId);
      expect(carriers).toContain(job.data.reqId);
    }
  });

  it('/webhooks/docusign: concurrent Connect messages and redeliveries are each stored once, with one job each', async () => {
    const envelopes = Array.from({ length: 30 }, () => randomUUID());
    const sends = [...envelopes, ...envelopes.filter((_, i) => i % 3 === 0)];
    const answers = await Promise.all(
      sends.map(async (envelopeId) => {
        const body = connectBody(envelopeId);
        const signature = createHmac('sha256', HMAC_KEY).update(body).digest('base64');
        return {
          envelopeId,
          res: await call(svc.baseUrl, 'POST', '/webhooks/docusign', {
            body,
            contentType: 'application/json',
            headers: { 'x-docusign-signature-1': signature },
          }),
        };
      }),
    );
    expect(answers.map((a) => a.res.status)).toEqual(sends.map(() => 200));
    const rows = await svc.ctx.models.connectMessages.find({ envelopeId: { $in: envelopes } }, { envelopeId: 1 }).lean();
    expect(rows).toHaveLength(envelopes.length);
    for (const row of rows) {
      const mine = answers.filter((a) => a.envelopeId === row.envelopeId);
      expect(mine.map((a) => a.res.body.id)).toEqual(mine.map(() => String(row._id)));
      expect(mine.filter((a) => !a.res.body.duplicate)).toHaveLength(1);
    }
    const jobs = await svc.ctx.queues.queue('inbound-docusign').getJobs(['waiting']);
    expect(jobs.map((j) => j.data.connectMessageId).sort()).toEqual(rows.map((r) => String(r._id)).sort());
  });

  it('a message the store refuses fails alone: the others of its batch are stored and enqueued', async () => {
    const queueName = 'inbound-email';
    const intake = webhookIntake(svc.ctx.queues, {
      webhook: 'test',
      model: svc.ctx.models.inboundEmails,
      alsoUniqueOn: ['sha256'],
      queue: queueName,
      job: (inboundEmailId) => ({ inboundEmailId }),
      bytesOf: (doc) => doc.raw.length,
    });
    const doc = async (key: string): Promise<Omit<InboundEmail, '_id'>> => ({
      dedupKey: key,
      raw: await sealArrivedRaw(svc.ctx.vault, 'inbound-email', Buffer.from(key)),
      sha256: `sha-${key}`,
      size: key.length,
      status: 'received',
      receivedAt: new Date(),
    });
    const run = randomUUID();
    const good = await Promise.all(Array.from({ length: 6 }, (_, i) => doc(`refused-test-${run}-${i}`)));
    const invalid = { ...(await doc(`refused-test-${run}-invalid`)), receivedAt: 'not a date' as unknown as Date };
    const before = await batchesObserved('test');
    const settled = await Promise.allSettled([...good.slice(0, 3), invalid, ...good.slice(3)].map(intake));
    expect((await batchesObserved('test')).count - before.count).toBe(1); // all in one batch

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(String((settled[3] as PromiseRejectedResult).reason)).toMatch(/receivedAt/);
    const stored = await svc.ctx.models.inboundEmails.find({ dedupKey: { $regex: `^refused-test-${run}` } }, { dedupKey: 1 }).lean();
    expect(stored.map((r) => r.dedupKey).sort()).toEqual(good.map((g) => g.dedupKey).sort());
    const jobIds = (await svc.ctx.queues.queue(queueName).getJobs(['waiting'])).map((j) => j.data.inboundEmailId);
    for (const r of stored) expect(jobIds).toContain(String(r._id));
  });
});
