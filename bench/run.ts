/**
 * `npm run bench`: the order-authorization hot path, the order gate at 100,000 customers and
 * the consent pipeline against the real stack (the bundled FerretDB, or TEST_MONGO_URL for a
 * real MongoDB; Redis; the express app), each beside its peer from the same run; ends with the
 * goals table and writes bench/results.json. Compare runs on the same machine, not absolutes.
 * The store's own lookups as collections grow: bench/store-lookups.ts (`npm run bench:store`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBenchAuthorizer } from './authorize-direct';
import { goalRows, printGoals } from './goals';
import { benchOrderGate } from './order-gate';
import { benchPipeline, defaultPipelineOptions, printPipeline } from './pipeline';
import type { CampaignBench } from './campaigns';
import { benchCampaignProcesses, printCampaignProcesses } from './campaign-processes';
import { createCustomer, createPartner } from '../test/harness/api-client';
import { startTestService } from '../test/harness/service';
import { withBenchStore } from './bench-store';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 500);
const DIRECT = Number(process.env.BENCH_DIRECT ?? 2_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const CONCURRENCY = 16;

type Stats = { p50: number; p95: number; p99: number; max: number };

function percentiles(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? 0 };
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

async function httpLoad(url: URL, apiKey: string, tenants: string[], total: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const tenantId = tenants[next++ % tenants.length]!;
        const body = JSON.stringify({ tenantId, action: 'new-order', program: 'CSP' });
        const start = performance.now();
        await new Promise<void>((resolve, reject) => {
          const req = request(
            url,
            {
              method: 'POST',
              agent,
              headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              res.resume();
              res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
        latencies.push(performance.now() - start);
      }
    }),
  );
  agent.destroy();
  return { requests: total, perSecond: Math.round(total / ((performance.now() - t0) / 1000)), latency: percentiles(latencies) };
}

async function main() {
  await withBenchStore(runAll);
}

async function runAll(server: string) {
  // Limits far above what the run sends: the per-partner budgets still run (their cost is measured), never refuse.
  const svc = await startTestService({ workers: false, env: { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_ORDERS_PER_MINUTE: '100000000' } });
  try {
    const partner = await createPartner(svc.baseUrl, { name: 'Bench' });
    const customers: { id: string; tenantId: string }[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(await createCustomer(svc.baseUrl, partner.apiKey, { name: `Bench ${i}` }));
    const unlocked = customers.filter((_, i) => i % 2 === 0).map((c) => c.tenantId);
    const locked = customers.filter((_, i) => i % 2 === 1).map((c) => c.tenantId);
    await svc.ctx.models.customers.updateMany({ tenantId: { $in: unlocked } }, { $set: { 'ordering.status': 'unlocked' } });
    // Unlocked behind the service's back: tell the order gate, as the unlock worker does.
    for (const c of customers.filter((_, i) => i % 2 === 0)) {
      await svc.ctx.orderingFeed.publish({ customerId: c.id, partnerId: partner.id, tenantId: c.tenantId, unlocked: true, writtenOnly: false });
    }

    const authorize = createBenchAuthorizer(svc.ctx, partner.id);
    for (const t of unlocked) await authorize(t); // first sight reads Mongo; after that memory
    const direct = {
      unlocked: await timeEach(DIRECT, (i) => authorize(unlocked[i % unlocked.length]!)),
      locked: await timeEach(Math.min(DIRECT, 500), (i) => authorize(locked[i % locked.length]!)),
    };
    const url = new URL(`${svc.baseUrl}/v1/orders/authorize`);
    // The API has its own authorizer: let it see each unlocked tenant once, as the direct run did,
    // so the timed run measures the steady state rather than 250 first-sight reads.
    await httpLoad(url, partner.apiKey, unlocked, unlocked.length);
    const http = {
      unlocked: await httpLoad(url, partner.apiKey, unlocked, REQUESTS),
      locked: await httpLoad(url, partner.apiKey, locked, REQUESTS),
    };

    const orderGate = await benchOrderGate();
    // BENCH_PIPELINE=0 leaves the (long) pipeline run out; its own command is npm run bench:pipeline.
    const pipeline = process.env.BENCH_PIPELINE === '0' ? undefined : await benchPipeline(defaultPipelineOptions());
    // BENCH_CAMPAIGNS=0 leaves the campaign run out; alone: npm run bench:campaigns (BENCH_CAMPAIGN_CUSTOMERS).
    const campaigns = process.env.BENCH_CAMPAIGNS === '0' ? undefined : await campaignsInOwnProcess();
    const deployed = campaigns ? await benchCampaignProcesses() : undefined;
    if (deployed) printCampaignProcesses(deployed);
    const goals = goalRows(orderGate, pipeline, campaigns, deployed);
    const results = {
      goals,
      orderGate,
      ...(pipeline ? { pipeline } : {}),
      ...(campaigns ? { campaigns } : {}),
      ...(deployed ? { campaignDeployed: deployed } : {}),
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, database: server },
      customers: CUSTOMERS,
      serviceTimeMs: direct,
      http: { concurrency: CONCURRENCY, ...http },
    };
    const f = (n: number) => n.toFixed(3).padStart(9);
    console.log(`\norder authorization (${CUSTOMERS} customers, database: ${server})`);
    console.log(`${'case'.padEnd(44)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'req/s'.padStart(8)}`);
    const row = (name: string, s: Stats, rps?: number) =>
      console.log(`${name.padEnd(44)}${f(s.p50)}${f(s.p95)}${f(s.p99)}${f(s.max)}${(rps ? String(rps) : '').padStart(8)}`);
    row('service time, unlocked tenant (gate)', direct.unlocked);
    row('service time, locked tenant (gate)', direct.locked);
    row(`HTTP, unlocked, ${CONCURRENCY} in flight`, http.unlocked.latency, http.unlocked.perSecond);
    row(`HTTP, locked, ${CONCURRENCY} in flight`, http.locked.latency, http.locked.perSecond);
    if (pipeline) printPipeline(pipeline);
    printGoals(goals);
    writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2));
    console.log('\nwritten bench/results.json');
  } finally {
    await svc.stop();
  }
}

/**
 * The campaign bench in a process of its own (on this run's store), so the RSS it reports is
 * the campaign's, not the 100,000-customer gate snapshot's and the pipeline's before it.
 */
async function campaignsInOwnProcess(): Promise<CampaignBench> {
  const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'campaigns.ts')], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_STORE_ROOT_PID: String(process.pid) },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`bench/campaigns.ts ended with ${String(code)}`);
  return JSON.parse(readFileSync(path.join(__dirname, 'campaign-results.json'), 'utf8')) as CampaignBench;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
