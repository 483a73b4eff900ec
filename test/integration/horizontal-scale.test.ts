import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { bindModels, type Models } from '@mca/core';
import { freePort } from '../harness/global-setup';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, deleteKeys, testDeploymentEnv } from '../harness/service';
import { API_ENTRY, WORKERS_ENTRY, spawnServiceProcess, stopServiceProcess, untilRunning, type ServiceProcess } from '../harness/service-processes';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../harness/smtp-sink';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

const CUSTOMERS = 100;
const RATE_LIMIT_PER_MINUTE = 300;
const representative = (i: number) => `rep-${i}@kunde-${i}.example`;

/** Runs `task` over `items`, `width` at a time (the machine is small; a real load is spread too). */
async function inParallel<T, R>(items: T[], width: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!, i);
      }
    }),
  );
  return results;
}

/**
 * A deployment grown past one process: two API processes and two worker processes (every queue
 * each), started at the same moment against one fresh database and one Redis prefix, as
 * replicas behind a balancer. The load goes to both APIs; a worker process is killed with
 * SIGKILL halfway; everything still happens exactly once, and what each API process keeps in
 * memory (API keys, the order gate, rate limits) stays consistent across them.
 */
describe('horizontal scale: two API and two worker processes on one database and one Redis', () => {
  let smtp: SmtpSink;
  let hooks: WebhookSink;
  let outbox: string;
  let env: Record<string, string>;
  let apis: string[];
  /** Each worker process's own /metrics (workers have no API to serve them). */
  let workerMetrics: string[];
  const processes: ServiceProcess[] = [];
  let conn: Connection;
  let models: Models;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookSink();
    outbox = mkdtempSync(path.join(os.tmpdir(), 'mca-outbox-'));
    const id = randomBytes(5).toString('hex');
    const ports = [await freePort(), await freePort()];
    apis = ports.map((p) => `http://127.0.0.1:${p}`);
    const metricsPorts = [await freePort(), await freePort()];
    workerMetrics = metricsPorts.map((p) => `http://127.0.0.1:${p}/metrics`);
    env = {
      ...testDeploymentEnv(id, smtp.url, outbox),
      // The balancer's address: links and webhook URLs name the deployment, not one replica.
      PUBLIC_URL: apis[0]!,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      JOB_BACKOFF_MS: '200',
      QUEUE_LOCK_MS: '2000',
      // Both worker processes run the sweeper, often, over work the other is still doing.
      SWEEP_EVERY_MS: '2000',
      SWEEP_AFTER_MS: '5000',
      EMAIL_RATE_PER_SECOND: '50',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
      RATE_LIMIT_SENDS_PER_MINUTE: '200',
    };
    // All four at once, on a database nobody has migrated or indexed yet.
    processes.push(
      spawnServiceProcess('api-1', API_ENTRY, [], { ...env, PORT: String(ports[0]) }),
      spawnServiceProcess('api-2', API_ENTRY, [], { ...env, PORT: String(ports[1]) }),
      spawnServiceProcess('workers-1', WORKERS_ENTRY, [], { ...env, METRICS_PORT: String(metricsPorts[0]) }),
      spawnServiceProcess('workers-2', WORKERS_ENTRY, [], { ...env, WORKER_METRICS_PORT: String(metricsPorts[1]) }),
    );
    await Promise.all(processes.map((p) => untilRunning(p)));
    conn = mongoose.createConnection(env.MONGO_URL!);
    await conn.asPromise();
    models = bindModels(conn);
  }, 150_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => stopServiceProcess(p)));
    await conn?.dropDatabase().catch(() => undefined);
    await conn?.close();
    if (env) await deleteKeys(env.REDIS_URL!, `${env.QUEUE_PREFIX}:*`);
    await smtp?.close();
    await hooks?.close();
    if (outbox) rmSync(outbox, { recursive: true, force: true });
  }, 60_000);

  const api = (i: number) => apis[i % 2]!;

  test('the same load spread over both APIs, a worker killed halfway: everything once, and both APIs agree', async () => {
    const partners = [
      await createPartner(api(0), { name: 'Nordlys IT', notifyEmail: 'ops@nordlys.example', webhookUrl: hooks.url }),
      await createPartner(api(1), { name: 'Fjell Data', notifyEmail: 'ops@fjell.example', webhookUrl: hooks.url }),
    ];

    // Customers and consent requests, each request on the other API than its customer.
    const indexes = Array.from({ length: CUSTOMERS }, (_, i) => i);
    const customers = await inParallel(indexes, 8, async (i) => {
      const partner = partners[i % 2]!;
      const customer = await createCustomer(api(i), partner.apiKey, { country: 'DE', language: 'de-DE', name: `Kunde ${i} GmbH` });
      const req = await call(api(i + 1), 'POST', `/v1/customers/${customer.id}/consent-requests`, {
        token: partner.apiKey,
        json: { channel: 'email', representative: { firstName: 'Anna', lastName: `Schmidt ${i}`, email: representative(i) } },
      });
      if (req.status !== 202) throw new Error(`consent request ${i}: ${req.status} ${JSON.stringify(req.body)}`);
      return { ...customer, partner, requestId: req.body.id as string };
    });

    // Every consent email arrives, and each request is sent (a person replies after that).
    const mails: ReceivedMail[] = await Promise.all(indexes.map((i) => smtp.waitFor((m) => m.envelope.to.includes(representative(i)), 90_000)));
    await waitFor(
      async () => ((await models.consentRequests.countDocuments({ status: 'sent' })) === CUSTOMERS ? true : undefined),
      'every request sent',
      60_000,
    );

    // Replies to alternate APIs; every fifth twice, to both APIs at the same moment. Halfway
    // through, once some customers are unlocked, one worker process dies mid-work.
    const victim = processes.find((p) => p.name === 'workers-1')!;
    const replies = await Promise.all(
      indexes.map((i) => buildReply({ original: mails[i]!, from: representative(i), body: 'Ich stimme zu.\n\nViele Grüße\nAnna Schmidt' })),
    );
    await inParallel(indexes, 6, async (i) => {
      if (i === CUSTOMERS / 2) {
        await waitFor(
          async () => ((await models.customers.countDocuments({ 'ordering.status': 'unlocked' })) >= 10 ? true : undefined),
          'some unlocks before the kill',
          60_000,
        );
        victim.child.kill('SIGKILL');
      }
      const posts =
        i % 5 === 0
          ? [postEmail(api(0), replies[i]!, INBOUND_SECRET), postEmail(api(1), replies[i]!, INBOUND_SECRET)]
          : [postEmail(api(i), replies[i]!, INBOUND_SECRET)];
      const answers = await Promise.all(posts);
      // A refusal names its cause: the APIs' logged errors (a rare 500 here once said only "internal error").
      const apiErrors = () =>
        processes
          .filter((p) => p.name.startsWith('api'))
          .flatMap((p) =>
            p.output.text
              .split('\n')
              .filter((l) => l.includes('"level":50'))
              .map((l) => `${p.name}: ${l}`),
          )
          .join('\n');
      for (const a of answers) if (a.status !== 202) throw new Error(`reply ${i}: ${a.status} ${JSON.stringify(a.body)}\n${apiErrors()}`);
      if (new Set(answers.map((a) => a.body?.id)).size !== 1) throw new Error(`reply ${i} stored twice: ${JSON.stringify(answers)}`);
    });
    expect(await victim.exited).toBe('SIGKILL');

    // The survivor takes over the killed one's jobs once their locks expire.
    await waitFor(
      async () => {
        const [unlocked, pendingMarkers, pendingNotifications] = await Promise.all([
          models.customers.countDocuments({ 'ordering.status': 'unlocked' }),
          models.customers.countDocuments({ unlockPendingSince: { $exists: true } }),
          models.notifications.countDocuments({ status: 'pending' }),
        ]);
        const hooksSeen = new Set(hooks.received.filter((h) => JSON.parse(h.body).type === 'customer.unlocked').map((h) => JSON.parse(h.body).data.customerId))
          .size;
        return unlocked === CUSTOMERS && pendingMarkers === 0 && pendingNotifications === 0 && hooksSeen === CUSTOMERS ? true : undefined;
      },
      'every customer unlocked and every partner told',
      90_000,
    );

    // One consent record and one accepted request per customer; one stored reply per reply.
    const records = await models.consentRecords.aggregate<{ _id: unknown; n: number }>([{ $group: { _id: '$customerId', n: { $sum: 1 } } }]);
    expect(records).toHaveLength(CUSTOMERS);
    expect(records.filter((r) => r.n !== 1)).toEqual([]);
    expect(await models.inboundEmails.countDocuments({})).toBe(CUSTOMERS);
    expect(await models.consentRequests.countDocuments({ status: 'accepted' })).toBe(CUSTOMERS);
    expect(await models.notifications.countDocuments({ event: 'customer.unlocked', status: 'delivered' })).toBe(2 * CUSTOMERS);

    // One consent email per request (the kill came after they were all out).
    for (const i of indexes) expect(smtp.received.filter((m) => m.envelope.to.includes(representative(i)))).toHaveLength(1);
    // One partner email and one webhook-id per unlock. A delivery repeated under its id (the
    // receiver drops it) is allowed only for one the killed process had in flight: sent, not yet
    // marked delivered, at most its notify queue's concurrency.
    let repeats = 0;
    for (const notifyTo of ['ops@nordlys.example', 'ops@fjell.example']) {
      const mailed = smtp.received.filter((m) => m.envelope.to.includes(notifyTo));
      expect(new Set(mailed.map((m) => m.parsed.messageId)).size).toBe(CUSTOMERS / 2);
      repeats += mailed.length - CUSTOMERS / 2;
    }
    const unlockHooks = hooks.received.filter((h) => JSON.parse(h.body).type === 'customer.unlocked');
    const idsByCustomer = new Map<string, Set<string>>();
    for (const h of unlockHooks) {
      const customerId = JSON.parse(h.body).data.customerId as string;
      idsByCustomer.set(customerId, (idsByCustomer.get(customerId) ?? new Set()).add(String(h.headers['webhook-id'])));
    }
    expect(idsByCustomer.size).toBe(CUSTOMERS);
    expect([...idsByCustomer.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    repeats += unlockHooks.length - CUSTOMERS;
    expect(repeats).toBeLessThanOrEqual(4);

    // The survivor counts what it did, on its own /metrics.
    const survivorMetrics = await (await fetch(workerMetrics[1]!)).text();
    const completed = (queue: string) =>
      Number(new RegExp(`^mca_jobs_total\\{queue="${queue}",result="completed"\\} (\\d+)$`, 'm').exec(survivorMetrics)?.[1] ?? 0);
    expect(completed('unlock')).toBeGreaterThan(0);
    expect(completed('notify')).toBeGreaterThan(0);

    // The order gate answers yes on both APIs, for every tenant, by id and by tenant id.
    await inParallel(
      customers.flatMap((c) => [0, 1].map((n) => ({ c, n }))),
      8,
      async ({ c, n }) => {
        const byId = await call(api(n), 'POST', '/v1/orders/authorize', {
          token: c.partner.apiKey,
          json: { customerId: c.id, action: 'new-order', program: 'CSP' },
        });
        const byTenant = await call(api(n), 'POST', '/v1/orders/authorize', {
          token: c.partner.apiKey,
          json: { tenantId: c.tenantId, action: 'new-order', program: 'CSP' },
        });
        expect([byId.status, byId.body, byTenant.status, byTenant.body]).toEqual([200, { allowed: true }, 200, { allowed: true }]);
      },
    );
  }, 240_000);

  test('an API key revoked on one API process is refused by the other within 5 s', async () => {
    const partner = await createPartner(api(0), { name: 'Keys Partner' });
    const customer = await createCustomer(api(0), partner.apiKey);
    const created = await call(api(0), 'POST', '/v1/api-keys', { token: partner.apiKey, json: { name: 'ordering system', scope: 'orders' } });
    expect(created.status).toBe(201);
    const ask = (n: number) =>
      call(api(n), 'POST', '/v1/orders/authorize', { token: created.body.apiKey, json: { customerId: customer.id, action: 'new-order', program: 'SPLA' } });
    // Both processes have the key cached now.
    expect((await ask(0)).status).toBe(200);
    expect((await ask(1)).status).toBe(200);

    expect((await call(api(0), 'DELETE', `/v1/api-keys/${created.body.id}`, { token: partner.apiKey })).status).toBe(204);
    expect((await ask(0)).status).toBe(401);
    const refused = await waitFor(
      async () => {
        const res = await ask(1);
        return res.status === 401 ? res : undefined;
      },
      'the other API process to refuse the revoked key',
      5_000,
    );
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  test('a partner rate limit is one budget over both API processes', async () => {
    const partner = await createPartner(api(0), { name: 'Busy Partner' });
    const statuses = await inParallel(
      Array.from({ length: RATE_LIMIT_PER_MINUTE }, (_, i) => i),
      6,
      async (i) => (await call(api(i), 'GET', '/v1/customers', { token: partner.apiKey })).status,
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Each process alone has seen half the budget; together they have spent it all.
    for (const n of [0, 1]) {
      const over = await call(api(n), 'GET', '/v1/customers', { token: partner.apiKey });
      expect(over.status).toBe(429);
      expect(over.body).toMatchObject({ code: 'RATE_LIMITED' });
    }
  });
});
