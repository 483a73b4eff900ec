/**
 * `npm run bench`: the order-authorization hot path, measured against the real stack
 * (FerretDB or TEST_MONGO_URL, Redis, the express app). Prints a table, writes
 * bench/results.json. Figures are for this machine; compare runs, not absolutes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { authorizeOrderForBench } from './authorize-direct';
import { createCustomer, createPartner } from '../test/harness/api-client';
import { startTestService } from '../test/harness/service';
import { startFerretDb } from '../tools/mongo-server';

const CUSTOMERS = 2_000;
const REQUESTS = 20_000;
const CONCURRENCY = 16;

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? 0 };
}

async function main() {
  let stopMongo = async () => {};
  if (!process.env.TEST_MONGO_URL) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mca-bench-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const mongo = await startFerretDb({ port, dataDir });
    process.env.TEST_MONGO_URL = mongo.url;
    stopMongo = async () => {
      await mongo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const svc = await startTestService({ workers: false });
  try {
    const partner = await createPartner(svc.baseUrl, { name: 'Bench' });
    const customers: { id: string; tenantId: string }[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(await createCustomer(svc.baseUrl, partner.apiKey, { name: `Bench ${i}` }));
    // Half of them unlocked, so both answers are exercised.
    await svc.ctx.models.customers.updateMany(
      { _id: { $in: customers.filter((_, i) => i % 2 === 0).map((c) => c.id) } },
      { $set: { 'ordering.status': 'unlocked' } },
    );

    // 1. Service time: the use case alone (one indexed read + the policy), no HTTP.
    const direct: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const c = customers[i % customers.length]!;
      const t0 = performance.now();
      await authorizeOrderForBench(svc.ctx, partner.id, c.tenantId);
      direct.push(performance.now() - t0);
    }

    // 2. End to end over HTTP keep-alive, CONCURRENCY in flight.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const url = new URL(`${svc.baseUrl}/v1/orders/authorize`);
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const c = customers[next++ % customers.length]!;
          const body = JSON.stringify({ tenantId: c.tenantId, action: 'new-order', program: 'CSP' });
          const start = performance.now();
          await new Promise<void>((resolve, reject) => {
            const req = request(
              url,
              { method: 'POST', agent, headers: { authorization: `Bearer ${partner.apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
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
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, mongo: process.env.TEST_MONGO_URL?.includes('127.0.0.1') ? 'local' : 'remote' },
      customers: CUSTOMERS,
      authorizeServiceTimeMs: percentiles(direct),
      authorizeHttp: { requests: REQUESTS, concurrency: CONCURRENCY, throughputPerSec: Math.round(REQUESTS / seconds), latencyMs: percentiles(latencies) },
    };
    const fmt = (n: number) => n.toFixed(3);
    console.log('\nbenchmark                                   p50 ms   p95 ms   p99 ms   max ms   req/s');
    const row = (name: string, p: ReturnType<typeof percentiles>, rps = '') =>
      console.log(`${name.padEnd(42)} ${fmt(p.p50).padStart(7)} ${fmt(p.p95).padStart(8)} ${fmt(p.p99).padStart(8)} ${fmt(p.max).padStart(8)} ${rps.padStart(7)}`);
    row('authorize: use case (indexed read)', results.authorizeServiceTimeMs);
    row(`authorize: HTTP, ${CONCURRENCY} concurrent`, results.authorizeHttp.latencyMs, String(results.authorizeHttp.throughputPerSec));
    writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2));
    console.log('\nwritten bench/results.json');
  } finally {
    await svc.stop();
    await stopMongo();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
