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
 * Ingest: see webhook-ingest.ts.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { call, createCustomer, createPartner } from '../test/harness/api-client';
import { buildReply } from '../test/harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../test/harness/service';
import { startWebhookSink } from '../test/harness/webhook-sink';
import { withBenchStore } from './bench-store';
import { inParallel } from './in-parallel';
import { countMongoCalls, descendantsCpuMs } from './process-meters';
import { rawBullmq } from './raw-bullmq';
import { ingest, printIngest } from './webhook-ingest';

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

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
  // Errors only: a failed call in a run then says why (a 500 in a 1,000-customer setup once said nothing).
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
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
