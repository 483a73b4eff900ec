/**
 * `npm run bench:pipeline`: the consent pipeline under load, against the real stack (the
 * bundled FerretDB, or TEST_MONGO_URL; Redis; SMTP sink; webhook sink), and webhook ingest.
 *
 * Pipeline: N customers per offered rate, each with an email request created through the API
 * and sent through the real path (dispatch-email -> SMTP sink). Then N accepting replies
 * (trusted Authentication-Results with aligned DKIM) are posted open-loop at the rate, and each
 * is timed from its POST to the partner's `customer.unlocked` webhook arriving at the sink.
 * Afterwards consent records, unlocks and notifications are counted (N each, per channel).
 * Peer: no-op BullMQ jobs (one queue, and a chain of three like inbound-email -> unlock ->
 * notify) on the same Redis with the same concurrency, in the same run.
 *
 * Ingest: autocannon against /webhooks/email (distinct messages) and /webhooks/docusign
 * (signed Connect JSON, distinct envelopes) served by the API in a process of its own (workers
 * stopped: the endpoint alone), and against a bare express endpoint in a process of its own;
 * a fixed number of requests each, so stored rows and queued jobs must equal the 2xx answers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { call, createCustomer, createPartner } from '../test/harness/api-client';
import { buildReply } from '../test/harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../test/harness/service';
import { startWebhookSink } from '../test/harness/webhook-sink';
import { withBenchStore } from './bench-store';

const CONNECT_KEY = 'bench-connect-key-0123456789';
/** inbound-email's, unlock's and notify's concurrency (workers/host.ts) is what the peer gets. */
const PEER_CONCURRENCY = Number(process.env.BENCH_PEER_CONCURRENCY ?? process.env.WORKER_CONCURRENCY ?? 4);

export interface PipelineBenchOptions {
  /** Customers (and replies) per offered rate. */
  customers: number;
  /** Offered reply rates, per second, open loop. */
  rates: number[];
  rawJobs: number;
  /** Requests per endpoint: a fixed number, so that every one is answered and stored rows can be matched. */
  ingestRequests: number;
  ingestConnections: number;
}

export const defaultPipelineOptions = (): PipelineBenchOptions => ({
  customers: Number(process.env.BENCH_PIPELINE_CUSTOMERS ?? 1_000),
  rates: (process.env.BENCH_PIPELINE_RATES ?? '50,100,200').split(',').filter(Boolean).map(Number),
  rawJobs: Number(process.env.BENCH_RAW_JOBS ?? 5_000),
  ingestRequests: Number(process.env.BENCH_INGEST_REQUESTS ?? 3_000),
  ingestConnections: 50,
});

type Stats = { p50: number; p99: number; max: number };
function percentiles(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return { p50: Math.round(at(50)), p99: Math.round(at(99)), max: Math.round(s[s.length - 1] ?? 0) };
}

async function inParallel<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Mongo operations by collection.method while `fn` runs (mongoose's debug hook sees every model call). */
export async function countMongoCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const calls: Record<string, number> = {};
  mongoose.set('debug', (collection: string, method: string) => {
    const key = `${collection}.${method}`;
    calls[key] = (calls[key] ?? 0) + 1;
  });
  try {
    return { result: await fn(), calls };
  } finally {
    mongoose.set('debug', false);
  }
}

/**
 * CPU ms used so far by the descendants of `root` (this process: FerretDB, its PostgreSQL
 * cluster, the API child) but the subtrees of `except`: the store's share.
 */
export function descendantsCpuMs(except: readonly number[] = [], root = process.pid): number {
  const tick = 1000 / 100; // USER_HZ
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
          .replace(/^.*\) /, '')
          .split(' ');
        return [{ pid: Number(pid), ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) * tick }];
      } catch {
        return [];
      }
    });
  const mine = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) {
      if (!mine.has(s.pid) && mine.has(s.ppid) && !except.includes(s.pid)) {
        mine.add(s.pid);
        grew = true;
      }
    }
  }
  return stats.filter((s) => s.pid !== root && mine.has(s.pid)).reduce((sum, s) => sum + s.cpu, 0);
}

async function runPhase(svc: TestService, rate: number, n: number) {
  const arrivals = new Map<string, number>();
  let duplicates = 0;
  const hooks = await startWebhookSink({
    onReceive(hook) {
      const body = JSON.parse(hook.body) as { type: string; data: { customerId: string } };
      if (body.type !== 'customer.unlocked') return;
      if (arrivals.has(body.data.customerId)) duplicates += 1;
      else arrivals.set(body.data.customerId, performance.now());
    },
  });
  try {
    const partner = await createPartner(svc.baseUrl, { name: `Bench ${rate}/s`, notifyEmail: `ops-${rate}@partner.example`, webhookUrl: hooks.url });
    const partnerId = new mongoose.Types.ObjectId(partner.id);
    const setupStart = performance.now();
    const tag = `r${rate}x${Date.now().toString(36)}`;
    const customers = await inParallel(n, 8, async (i) => {
      const customer = await createCustomer(svc.baseUrl, partner.apiKey, { name: `Kunde ${i}` });
      const email = `rep${i}@${tag}-${i}.example`;
      const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
        token: partner.apiKey,
        json: { channel: 'email', representative: { firstName: 'Kari', lastName: `Nordmann${i}`, email } },
      });
      if (res.status !== 202) throw new Error(`consent request: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: customer.id, email };
    });
    await until('every request sent', 30 * 60_000, async () => (await svc.ctx.models.consentRequests.countDocuments({ partnerId, status: 'sent' })) === n);
    const mails = new Map(svc.smtp.received.filter((m) => m.envelope.to[0]?.includes(tag)).map((m) => [m.envelope.to[0]!, m]));
    const replies = await Promise.all(
      customers.map(async (c) => buildReply({ original: mails.get(c.email)!, from: `Kari <${c.email}>`, body: 'I accept.\n\nKari' })),
    );
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const posted = new Map<string, number>();
    const statuses: Record<string, number> = {};
    const cpu0 = process.cpuUsage();
    const storeCpu0 = descendantsCpuMs();
    const t0 = performance.now();
    const { calls } = await countMongoCalls(async () => {
      const sends = customers.map(
        (c, i) =>
          new Promise<void>((resolve) => {
            setTimeout(
              () => {
                posted.set(c.id, performance.now());
                fetch(`${svc.baseUrl}/webhooks/email`, {
                  method: 'POST',
                  headers: { authorization: `Bearer ${INBOUND_SECRET}`, 'content-type': 'message/rfc822' },
                  body: replies[i]!,
                })
                  .then(async (res) => {
                    await res.arrayBuffer();
                    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
                  })
                  .catch(() => (statuses.error = (statuses.error ?? 0) + 1))
                  .finally(resolve);
              },
              (i * 1000) / rate,
            );
          }),
      );
      await Promise.all(sends);
      await until('every customer.unlocked webhook', Math.max(120_000, (n / rate) * 20_000), () => arrivals.size >= n);
    });
    const wall = (Math.max(...arrivals.values()) - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const storeCpuMs = descendantsCpuMs() - storeCpu0;
    // Both channels delivered, then count what is stored.
    await until(
      'every notification delivered',
      120_000,
      async () => (await svc.ctx.models.notifications.countDocuments({ partnerId, status: 'delivered' })) >= 2 * n,
    );
    await new Promise((r) => setTimeout(r, 500));
    const m = svc.ctx.models;
    const counts = {
      consentRecords: await m.consentRecords.countDocuments({ partnerId }),
      unlocked: await m.customers.countDocuments({ partnerId, 'ordering.status': 'unlocked' }),
      unlockedEvents: await m.partnerEvents.countDocuments({ partnerId, type: 'customer.unlocked' }),
      webhookNotifications: await m.notifications.countDocuments({ partnerId, channel: 'webhook', event: 'customer.unlocked', status: 'delivered' }),
      emailNotifications: await m.notifications.countDocuments({ partnerId, channel: 'email', event: 'customer.unlocked', status: 'delivered' }),
      webhooksReceived: arrivals.size,
      duplicateWebhooks: duplicates,
      requestsAccepted: await m.consentRequests.countDocuments({ partnerId, status: 'accepted' }),
    };
    const latencies = customers.map((c) => arrivals.get(c.id)! - posted.get(c.id)!);
    const perReply: Record<string, number> = {};
    for (const [k, v] of Object.entries(calls)) if (v >= n / 2) perReply[k] = Math.round((v / n) * 100) / 100;
    return {
      offered: rate,
      replies: n,
      setupSeconds: Math.round(setupSeconds),
      posted: statuses,
      achievedPerSecond: Math.round((n / wall) * 10) / 10,
      latencyMs: percentiles(latencies),
      cpuMsPerReply: Math.round(((cpu.user + cpu.system) / 1000 / n) * 10) / 10,
      storeCpuMsPerReply: Math.round((storeCpuMs / n) * 10) / 10,
      mongoCallsPerReply: Math.round((Object.values(calls).reduce((a, b) => a + b, 0) / n) * 10) / 10,
      mongoCallsByKind: perReply,
      counts,
    };
  } finally {
    await hooks.close();
  }
}

/** No-op jobs: one queue, and a chain of three queues each handing on to the next. */
async function rawBullmq(redisUrl: string, prefix: string, jobs: number) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const run = async (stages: number) => {
    const names = Array.from({ length: stages }, (_, i) => `bench-noop-${stages}-${i}`);
    const queues = names.map((name) => new Queue(name, { connection: producer, prefix }));
    let done = 0;
    let finished!: () => void;
    const all = new Promise<void>((r) => (finished = r));
    const workers = names.map(
      (name, i) =>
        new Worker(
          name,
          async (job) => {
            if (i + 1 < stages) await queues[i + 1]!.add(name, {}, { jobId: `${job.id}-${i + 1}`, removeOnComplete: true });
            else if (++done === jobs) finished();
          },
          { connection, prefix, concurrency: PEER_CONCURRENCY },
        ),
    );
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const t0 = performance.now();
    await inParallel(jobs, 50, (i) => queues[0]!.add(names[0]!, { i }, { jobId: `j${i}`, removeOnComplete: true }));
    await all;
    const perSecond = Math.round(jobs / ((performance.now() - t0) / 1000));
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
    return perSecond;
  };
  try {
    return { concurrency: PEER_CONCURRENCY, jobs, oneQueuePerSecond: await run(1), chainOfThreePerSecond: await run(3) };
  } finally {
    connection.disconnect();
    producer.disconnect();
  }
}

/** A child process that says over IPC when it runs: `{ port }` (the bare endpoint) or `{ running }` (runProcess, on env.PORT). */
function forkReady(file: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited (${code})`)));
    child.on('message', (m: { port?: number; running?: string }) => {
      if (m.port) resolve({ child, port: m.port });
      else if (m.running) resolve({ child, port: Number(env.PORT) });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function emailBody(i: number, run: string) {
  return Buffer.from(
    `From: Someone <someone${i}@sender.example>\r\nTo: reply+${'0'.repeat(40)}@reply.test.mca\r\nSubject: Re: bench ${i}\r\n` +
      `Message-ID: <ingest-${run}-${i}@sender.example>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nI accept.\r\n\r\n${'Lorem ipsum dolor sit amet. '.repeat(20)}\r\n`,
  );
}

function connectBody(i: number, run: string) {
  const envelopeId = randomUUID();
  return {
    envelopeId,
    body: Buffer.from(
      JSON.stringify({
        event: 'envelope-sent',
        apiVersion: 'v2.1',
        generatedDateTime: new Date().toISOString(),
        data: { envelopeId, accountId: run, recipientId: String(i) },
      }),
    ),
  };
}

async function cannon(url: string, amount: number, connections: number, make: (i: number) => { headers: Record<string, string>; body: Buffer }) {
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    amount,
    requests: [{ setupRequest: (req) => ({ ...req, ...make(i++) }) }],
  });
  return {
    perSecond: Math.round(result['2xx'] / result.duration),
    acknowledged: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

/**
 * The run, and the CPU ms per request of this process's descendants meanwhile (the endpoint's
 * process, FerretDB + PostgreSQL), and of the endpoint's process alone: steadier than req/s on
 * a shared machine.
 */
async function withCpu<T extends { acknowledged: number }>(
  endpointPid: number | undefined,
  run: () => Promise<T>,
): Promise<T & { serverCpuMsPerRequest: number; endpointCpuMsPerRequest: number }> {
  const [all0, endpoint0] = [descendantsCpuMs(), processCpuMs(endpointPid)];
  const result = await run();
  const per = (ms: number) => Math.round((ms / Math.max(1, result.acknowledged)) * 100) / 100;
  return { ...result, serverCpuMsPerRequest: per(descendantsCpuMs() - all0), endpointCpuMsPerRequest: per(processCpuMs(endpointPid) - endpoint0) };
}

async function ingest(svc: TestService, amount: number, connections: number) {
  const run = Date.now().toString(36);
  await svc.stopWorkers(); // the endpoint alone: authenticate, store, enqueue
  const api = await forkReady(path.join(__dirname, '../services/api/src/main.ts'), {
    ...svc.env,
    PORT: String(await freePort()),
    DOCUSIGN_CONNECT_HMAC_KEYS: CONNECT_KEY,
  });
  const bare = await forkReady(path.join(__dirname, 'bare-express.ts'), {});
  try {
    const m = svc.ctx.models;
    const emailsBefore = await m.inboundEmails.countDocuments({});
    const email = await withCpu(api.child.pid, () =>
      cannon(`http://127.0.0.1:${api.port}/webhooks/email`, amount, connections, (i) => ({
        headers: { authorization: `Bearer ${INBOUND_SECRET}`, 'content-type': 'message/rfc822' },
        body: emailBody(i, run),
      })),
    );
    const emailsStored = (await m.inboundEmails.countDocuments({})) - emailsBefore;
    const emailsQueued = await svc.ctx.queues.queue('inbound-email').getWaitingCount();
    const connectBefore = await m.connectMessages.countDocuments({});
    const docusign = await withCpu(api.child.pid, () =>
      cannon(`http://127.0.0.1:${api.port}/webhooks/docusign`, amount, connections, (i) => {
        const { body } = connectBody(i, run);
        return {
          headers: { 'content-type': 'application/json', 'x-docusign-signature-1': createHmac('sha256', CONNECT_KEY).update(body).digest('base64') },
          body,
        };
      }),
    );
    const connectStored = (await m.connectMessages.countDocuments({})) - connectBefore;
    const connectQueued = await svc.ctx.queues.queue('inbound-docusign').getWaitingCount();
    const bareResult = await withCpu(bare.child.pid, () =>
      cannon(`http://127.0.0.1:${bare.port}/ingest`, amount, connections, (i) => ({
        headers: { 'content-type': 'message/rfc822' },
        body: emailBody(i, run),
      })),
    );
    return {
      connections,
      requestsPerEndpoint: amount,
      email: { ...email, stored: emailsStored, queued: emailsQueued, ratioToBare: Math.round((email.perSecond / bareResult.perSecond) * 100) / 100 },
      docusign: { ...docusign, stored: connectStored, queued: connectQueued, ratioToBare: Math.round((docusign.perSecond / bareResult.perSecond) * 100) / 100 },
      bareExpress: bareResult,
    };
  } finally {
    await stopChild(api.child);
    await stopChild(bare.child);
  }
}

const benchServiceEnv = (): Record<string, string> => ({
  // Budgets far above what the run sends: they still run (their cost is measured), never refuse.
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_SENDS_PER_MINUTE: '100000000',
  EMAIL_RATE_PER_SECOND: '100000',
  // Production's lock and backoff, not the tests' short ones.
  QUEUE_LOCK_MS: '30000',
  JOB_BACKOFF_MS: '2000',
  JOB_ATTEMPTS: '8',
  SWEEP_AFTER_MS: '60000',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
  ...(process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {}),
});

/** Webhook ingest alone (BENCH_INGEST_ONLY=1): minutes instead of the pipeline's hour, for before/after runs. */
export async function benchIngestOnly(opts: PipelineBenchOptions = defaultPipelineOptions()) {
  const svc = await startTestService({ env: benchServiceEnv() });
  try {
    return { date: new Date().toISOString(), webhooks: await ingest(svc, opts.ingestRequests, opts.ingestConnections) };
  } finally {
    await svc.stop();
  }
}

/** The whole bench against the store at TEST_MONGO_URL (the caller starts it, as bench/run.ts does). */
export async function benchPipeline(opts: PipelineBenchOptions = defaultPipelineOptions()) {
  const svc = await startTestService({
    env: benchServiceEnv(),
  });
  try {
    const phases = [];
    for (const rate of opts.rates) {
      const phase = await runPhase(svc, rate, opts.customers);
      console.log(JSON.stringify(phase));
      phases.push(phase);
    }
    const peer = await rawBullmq(svc.env.REDIS_URL!, svc.env.QUEUE_PREFIX!, opts.rawJobs);
    console.log(JSON.stringify(peer));
    const webhooks = await ingest(svc, opts.ingestRequests, opts.ingestConnections);
    const best = Math.max(...phases.map((p) => p.achievedPerSecond));
    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      requestsCreatedVia: 'the API, sent by dispatch-email through SMTP (the real path)',
      pipeline: phases,
      rawBullmq: peer,
      ratio: {
        pipelineToRawOneQueue: Math.round((best / peer.oneQueuePerSecond) * 1000) / 1000,
        pipelineToRawChainOfThree: Math.round((best / peer.chainOfThreePerSecond) * 1000) / 1000,
      },
      webhooks,
    };
  } finally {
    await svc.stop();
  }
}

export function printPipeline(r: Awaited<ReturnType<typeof benchPipeline>>) {
  console.log(`\nconsent pipeline (reply POST -> customer.unlocked at the partner's webhook)`);
  console.log(
    `${'offered/s'.padStart(10)}${'N'.padStart(7)}${'achieved/s'.padStart(12)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'CPU ms/reply'.padStart(14)}${'store CPU'.padStart(11)}${'Mongo/reply'.padStart(13)}  counts`,
  );
  for (const p of r.pipeline) {
    const c = p.counts;
    console.log(
      `${String(p.offered).padStart(10)}${String(p.replies).padStart(7)}${String(p.achievedPerSecond).padStart(12)}${String(p.latencyMs.p50).padStart(9)}${String(p.latencyMs.p99).padStart(9)}${String(p.latencyMs.max).padStart(9)}${String(p.cpuMsPerReply).padStart(14)}${String(p.storeCpuMsPerReply).padStart(11)}${String(p.mongoCallsPerReply).padStart(13)}  records ${c.consentRecords}, unlocked ${c.unlocked}, webhooks ${c.webhookNotifications}, emails ${c.emailNotifications}, duplicate webhooks ${c.duplicateWebhooks}`,
    );
  }
  console.log(
    `raw BullMQ no-op (concurrency ${r.rawBullmq.concurrency}): one queue ${r.rawBullmq.oneQueuePerSecond} jobs/s, chain of three ${r.rawBullmq.chainOfThreePerSecond}/s; pipeline ÷ one queue = ${r.ratio.pipelineToRawOneQueue}, ÷ chain = ${r.ratio.pipelineToRawChainOfThree}`,
  );
  printIngest(r.webhooks);
}

function printIngest(w: Awaited<ReturnType<typeof ingest>>) {
  const line = (
    name: string,
    x: {
      perSecond: number;
      latencyMs: Stats;
      acknowledged: number;
      non2xx: number;
      errors: number;
      serverCpuMsPerRequest: number;
      endpointCpuMsPerRequest: number;
    },
    extra = '',
  ) =>
    console.log(
      `${name.padEnd(22)}${String(x.perSecond).padStart(8)} req/s  p50 ${x.latencyMs.p50} ms  p99 ${x.latencyMs.p99} ms  server CPU ${x.serverCpuMsPerRequest} ms/req (endpoint ${x.endpointCpuMsPerRequest})  acknowledged ${x.acknowledged}, non-2xx ${x.non2xx}, errors ${x.errors}${extra}`,
    );
  console.log(`\nwebhook ingest (autocannon, ${w.connections} connections, ${w.requestsPerEndpoint} requests each)`);
  line('/webhooks/email', w.email, `, stored ${w.email.stored}, queued ${w.email.queued}; ${w.email.ratioToBare}x bare`);
  line('/webhooks/docusign', w.docusign, `, stored ${w.docusign.stored}, queued ${w.docusign.queued}; ${w.docusign.ratioToBare}x bare`);
  line('bare express', w.bareExpress);
}

async function main() {
  await withBenchStore(async () => {
    if (process.env.BENCH_INGEST_ONLY === '1') {
      const results = await benchIngestOnly();
      printIngest(results.webhooks);
      writeFileSync(path.join(__dirname, 'pipeline-results.json'), JSON.stringify(results, null, 2));
      console.log('\nwritten bench/pipeline-results.json');
      return;
    }
    const results = await benchPipeline();
    printPipeline(results);
    writeFileSync(path.join(__dirname, 'pipeline-results.json'), JSON.stringify(results, null, 2));
    console.log('\nwritten bench/pipeline-results.json');
  });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
