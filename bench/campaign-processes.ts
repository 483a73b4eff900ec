/**
 * `npm run bench:campaign-rss` (also part of `npm run bench`): an N-customer email campaign run
 * by the service in the shape it is deployed, the compiled `dist/api.js` and `dist/workers.js`
 * each in a process of its own as the image and `npm start` run them, against the bundled
 * FerretDB (or TEST_MONGO_URL), Redis and the SMTP sink in a process of its own. It measures
 * what an operator's container limits see: each process's RSS at the start and its peak while
 * the campaign sends, and the emails per second in that shape. bench/campaigns.ts measures the
 * same campaign in one process, where it can count Mongo calls and CPU per email.
 * BENCH_CAMPAIGN_CUSTOMERS sizes it (2,000 by default).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { call, createPartner } from '../test/harness/api-client';
import { testDeploymentEnv } from '../test/harness/service';
import { spawnServiceProcess, stopServiceProcess, untilRunning, type ServiceProcess } from '../test/harness/service-processes';
import { freePort } from '../tools/child-process-lifetime';
import { withBenchStore } from './bench-store';
import { csvOf } from './campaigns';
import { startSinkProcess } from './smtp-sink-process';

const ROOT = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process's resident set in MB, as /proc has it (what a container's memory limit counts). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb ?? 0) / 1024);
}

/** Start and peak RSS of each process while `fn` runs, sampled every 100 ms. */
async function watchRss<T>(processes: ServiceProcess[], fn: () => Promise<T>) {
  const start = Object.fromEntries(processes.map((p) => [p.name, rssMb(p.child.pid!)]));
  const peak = { ...start };
  const timer = setInterval(() => {
    for (const p of processes) peak[p.name] = Math.max(peak[p.name]!, rssMb(p.child.pid!));
  }, 100);
  try {
    const value = await fn();
    return { value, rssMb: Object.fromEntries(processes.map((p) => [p.name, { start: start[p.name]!, peak: peak[p.name]! }])) };
  } finally {
    clearInterval(timer);
  }
}

/** The workers' own memory gauges (prom-client's defaults) in MB: the JavaScript heap in use and the memory outside it (Buffers). */
async function memoryGauges(metricsUrl: string) {
  const text = await (await fetch(metricsUrl)).text();
  const gauge = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024);
  return {
    rssMb: gauge('process_resident_memory_bytes'),
    heapTotalMb: gauge('nodejs_heap_size_total_bytes'),
    heapUsedMb: gauge('nodejs_heap_size_used_bytes'),
    externalMb: gauge('nodejs_external_memory_bytes'),
  };
}

/**
 * The workers' gauges at their largest RSS while `fn` runs, read every second: what the resident
 * set is made of at its peak (heap V8 has reserved, heap in use, memory outside the heap).
 */
async function gaugesAtPeak<T>(metricsUrl: string, fn: () => Promise<T>) {
  let atPeak: Awaited<ReturnType<typeof memoryGauges>> | undefined;
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    memoryGauges(metricsUrl)
      .then((g) => {
        if (!atPeak || g.rssMb > atPeak.rssMb) atPeak = g;
      })
      .catch(() => undefined) // a missed sample leaves the peak as it was
      .finally(() => (reading = false));
  }, 1000);
  try {
    return { value: await fn(), atPeak };
  } finally {
    clearInterval(timer);
  }
}

export async function benchCampaignProcesses(customers = Number(process.env.BENCH_CAMPAIGN_CUSTOMERS ?? 2_000)) {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  const sink = await startSinkProcess();
  const outbox = mkdtempSync(path.join(os.tmpdir(), 'mca-bench-outbox-'));
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = {
    ...testDeploymentEnv(randomBytes(5).toString('hex'), sink.url, outbox),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_SENDS_PER_MINUTE: '100000000',
    EMAIL_RATE_PER_SECOND: '100000',
    // To tell garbage from growth: a capped heap (e.g. --max-old-space-size=128) collects early.
    ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
  };
  const api = spawnServiceProcess('api', 'dist/api.js', [], { ...env, PORT: String(port) });
  const workers = spawnServiceProcess('workers', 'dist/workers.js', [], { ...env, METRICS_PORT: String(metricsPort) });
  try {
    await Promise.all([untilRunning(api), untilRunning(workers)]);
    const baseUrl = `http://127.0.0.1:${port}`;
    const partner = await createPartner(baseUrl, { name: 'Bench campaign processes' });
    const imported = await call(baseUrl, 'POST', '/v1/customers/import', { token: partner.apiKey, contentType: 'text/csv', body: csvOf(customers) });
    if (imported.body?.created !== customers) throw new Error(`import: ${JSON.stringify(imported.body)}`);
    await sleep(1000);
    const before = await sink.received();
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const { value: run, atPeak } = await gaugesAtPeak(metricsUrl, () =>
      watchRss([api, workers], async () => {
        const t0 = performance.now();
        await call(baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'email', name: 'bench' } });
        while ((await sink.received()) - before < customers) await sleep(100);
        return (performance.now() - t0) / 1000;
      }),
    );
    return {
      date: new Date().toISOString(),
      customers,
      emailsPerSecond: Math.round(customers / run.value),
      seconds: run.value,
      rssMb: run.rssMb as Record<'api' | 'workers', { start: number; peak: number }>,
      workersAtPeak: atPeak,
      workersAtEnd: await memoryGauges(metricsUrl),
    };
  } finally {
    await Promise.all([stopServiceProcess(api), stopServiceProcess(workers)]);
    await sink.stop();
    rmSync(outbox, { recursive: true, force: true });
  }
}

export type CampaignProcessesBench = Awaited<ReturnType<typeof benchCampaignProcesses>>;

export function printCampaignProcesses(r: CampaignProcessesBench) {
  console.log(`\ncampaign of ${r.customers} in the deployed shape (node dist/api.js and dist/workers.js, each its own process)`);
  console.log(
    `${r.emailsPerSecond} emails/s (${r.seconds.toFixed(1)} s); RSS api ${r.rssMb.api.start} -> peak ${r.rssMb.api.peak} MB, workers ${r.rssMb.workers.start} -> peak ${r.rssMb.workers.peak} MB (at the end its heap in use ${r.workersAtEnd.heapUsedMb} MB, outside the heap ${r.workersAtEnd.externalMb} MB)`,
  );
  const p = r.workersAtPeak;
  if (p)
    console.log(
      `workers at their peak: RSS ${p.rssMb} MB = heap reserved ${p.heapTotalMb} MB (in use ${p.heapUsedMb} MB) + outside the heap ${p.externalMb} MB + the rest (code, stacks, native allocations)`,
    );
}

async function main() {
  await withBenchStore(async () => printCampaignProcesses(await benchCampaignProcesses()));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
