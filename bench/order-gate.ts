/**
 * The order gate at portfolio scale (part of `npm run bench`; alone: `npx tsx bench/order-gate.ts`):
 * 100,000 customers (half unlocked) inserted directly, two API instances in processes of their
 * own, and a bare Express 5 JSON endpoint in another process as the peer, each loaded with
 * autocannon (50 connections, BENCH_SECONDS each) in the same run. Also: the snapshot load time
 * and RSS, and how long an unlock through the real unlock path takes to reach the other instance.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import autocannon from 'autocannon';
import { createContext, loadConfig, parseOrderingEntry, streamIdMs, type Context } from '@mca/core';
import { createLogger } from '@mca/platform';
import { createPartner } from '../services/api/src/use-cases/create-partner';
import { unlockTenant } from '../workers/unlock/processor';
import { withBenchStore } from './bench-store';

const CUSTOMERS = Number(process.env.BENCH_GATE_CUSTOMERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const UNLOCKS = 20;
const INSERT_BATCH = 5_000;

type Load = { requestsPerSecond: number; p50Ms: number; p99Ms: number; requests: number; non2xx: number; errors: number };

function child<T>(script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<{ proc: ChildProcess; info: T }> {
  const proc = fork(path.join(__dirname, script), [], {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', (info) => resolve({ proc, info: info as T }));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function load(url: string, apiKey: string | undefined, tenants: string[], seconds: number): Promise<Load> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ tenantId: tenants[i++ % tenants.length], action: 'new-order', program: 'CSP' }) }) }],
  });
  return {
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function seed(ctx: Context, partnerId: Types.ObjectId) {
  const unlocked: string[] = [];
  const locked: { id: string; tenantId: string }[] = [];
  const now = new Date();
  const t0 = performance.now();
  for (let start = 0; start < CUSTOMERS; start += INSERT_BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(CUSTOMERS, start + INSERT_BATCH); i++) {
      const _id = new Types.ObjectId();
      const tenantId = randomUUID();
      const open = i % 2 === 0;
      if (open) unlocked.push(tenantId);
      else locked.push({ id: _id.toHexString(), tenantId });
      docs.push({
        _id,
        partnerId,
        tenantId,
        name: `Bench ${i}`,
        country: 'NO',
        language: 'nb-NO',
        mca: open ? { status: 'accepted', method: 'attestation', acceptedAt: now } : { status: 'not-requested' },
        ordering: open ? { status: 'unlocked', unlockedAt: now } : { status: 'locked' },
        createdAt: now,
        updatedAt: now,
      });
    }
    await ctx.models.customers.collection.insertMany(docs, { ordered: false });
  }
  return { unlocked, locked, insertMs: Math.round(performance.now() - t0) };
}

/** CPU (user + system, ms) a bench child has used so far. */
function cpuOf(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const cpu = (m as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      proc.off('message', onMessage);
      resolve((cpu.user + cpu.system) / 1000);
    };
    proc.on('message', onMessage);
    proc.send('cpu');
  });
}

/** A load run, with the CPU the serving process spent per request during it. */
async function measured(proc: ChildProcess, run: () => Promise<Load>): Promise<Load & { cpuMsPerRequest: number }> {
  const before = await cpuOf(proc);
  const r = await run();
  return { ...r, cpuMsPerRequest: +(((await cpuOf(proc)) - before) / r.requests).toFixed(3) };
}

/** The measured instance's Mongo reads so far (mca_order_gate_mongo_reads_total, every reason): a gate answering from memory adds none. */
async function gateMongoReads(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('mca_order_gate_mongo_reads_total'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

/** An unlock through the real unlock path (the unlock worker's processor), watched on the other instance every 5 ms. */
async function propagation(ctx: Context, url: string, apiKey: string, customers: { id: string; tenantId: string }[]) {
  const ask = async (tenantId: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ tenantId, action: 'new-order', program: 'CSP' }),
    });
    return ((await res.json()) as { allowed: boolean }).allowed;
  };
  const fromXadd: number[] = [];
  const fromJob: number[] = [];
  for (const c of customers) {
    if (await ask(c.tenantId)) throw new Error('a locked bench tenant was allowed');
    await ctx.models.customers.updateOne({ _id: c.id }, { $set: { 'mca.status': 'accepted', 'mca.method': 'attestation', 'mca.acceptedAt': new Date() } });
    const t0 = Date.now();
    const job = unlockTenant(ctx, { customerId: c.id });
    let allowedAt = 0;
    while (!allowedAt) {
      if (await ask(c.tenantId)) allowedAt = Date.now();
      else await new Promise((r) => setTimeout(r, 5));
    }
    await job;
    const entries = (await ctx.redis.xrevrange(ctx.orderingFeed.key, '+', '-', 'COUNT', 20)).map(([id, f]) => parseOrderingEntry(id, f));
    const xaddAt = streamIdMs(entries.find((e) => e.change?.customerId === c.id)!.id);
    fromXadd.push(allowedAt - xaddAt);
    fromJob.push(allowedAt - t0);
  }
  const stats = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    return { p50: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
  };
  return { unlocks: customers.length, pollEveryMs: 5, xaddToAllowedMs: stats(fromXadd), unlockJobStartToAllowedMs: stats(fromJob) };
}

export async function benchOrderGate() {
  const env: Record<string, string> = {
    MONGO_URL: (() => {
      const u = new URL(process.env.TEST_MONGO_URL!);
      u.pathname = `/mca_bench_gate_${randomBytes(4).toString('hex')}`;
      return u.toString();
    })(),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `mca-bench-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    SECRETS_KEY: randomBytes(32).toString('base64'),
    OUTBOX_DIR: mkdtempSync(path.join(os.tmpdir(), 'mca-bench-outbox-')),
    // Far above what the run sends: the per-partner budgets still run (their cost is measured), never refuse.
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_ORDERS_PER_MINUTE: '100000000',
  };
  const ctx = await createContext(loadConfig(env), { logger: createLogger('silent') });
  const children: ChildProcess[] = [];
  try {
    const partner = await createPartner(ctx, { name: 'Bench', notifyEmail: 'ops@bench.example' });
    const { unlocked, locked, insertMs } = await seed(ctx, new Types.ObjectId(partner.id));
    console.log(`order gate: ${CUSTOMERS} customers inserted in ${insertMs} ms`);

    type Instance = { port: number; load: { customers: number; ms: number; rssBytes: number }; rssBefore: number; rssAfter: number; heapUsed: number };
    // BENCH_CPU_PROF=dir: the measured instance writes a V8 CPU profile there when it stops.
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const a = await child<Instance>('order-gate-instance.ts', env, prof);
    children.push(a.proc);
    const b = await child<Instance>('order-gate-instance.ts', env);
    children.push(b.proc);
    const peer = await child<{ port: number }>('express-peer.ts', {});
    children.push(peer.proc);
    const gateUrl = `http://127.0.0.1:${a.info.port}/v1/orders/authorize`;
    const peerUrl = `http://127.0.0.1:${peer.info.port}/v1/orders/authorize`;
    const lockedTenants = locked.map((c) => c.tenantId);

    // Warm up both (JIT, connections), then the measured runs back to back.
    await load(peerUrl, undefined, unlocked, 2);
    await load(gateUrl, partner.apiKey, unlocked, 2);
    await load(gateUrl, partner.apiKey, lockedTenants, 2);
    const peerRun = await measured(peer.proc, () => load(peerUrl, undefined, unlocked, SECONDS));
    const reads0 = await gateMongoReads(a.info.port);
    const lockedRun = { ...(await measured(a.proc, () => load(gateUrl, partner.apiKey, lockedTenants, SECONDS))), mongoReads: -reads0 };
    const reads1 = await gateMongoReads(a.info.port);
    lockedRun.mongoReads += reads1;
    const unlockedRun = { ...(await measured(a.proc, () => load(gateUrl, partner.apiKey, unlocked, SECONDS))), mongoReads: -reads1 };
    unlockedRun.mongoReads += await gateMongoReads(a.info.port);
    const unlock = await propagation(ctx, `http://127.0.0.1:${b.info.port}/v1/orders/authorize`, partner.apiKey, locked.slice(0, UNLOCKS));

    const ratio = (r: Load) => ({ throughput: +(r.requestsPerSecond / peerRun.requestsPerSecond).toFixed(2), p99: +(r.p99Ms / peerRun.p99Ms).toFixed(2) });
    const results = {
      customers: CUSTOMERS,
      connections: CONNECTIONS,
      secondsEach: SECONDS,
      insertMs,
      snapshot: {
        customers: a.info.load.customers,
        loadMs: a.info.load.ms,
        rssBeforeMiB: +(a.info.rssBefore / 2 ** 20).toFixed(1),
        rssAfterMiB: +(a.info.rssAfter / 2 ** 20).toFixed(1),
        heapUsedMiB: +(a.info.heapUsed / 2 ** 20).toFixed(1),
      },
      peer: peerRun,
      locked: { ...lockedRun, vsPeer: ratio(lockedRun) },
      unlocked: { ...unlockedRun, vsPeer: ratio(unlockedRun) },
      unlockPropagation: unlock,
    };
    const row = (name: string, r: Load, vs?: { throughput: number; p99: number }) =>
      console.log(
        `${name.padEnd(34)}${String(r.requestsPerSecond).padStart(9)}${r.p50Ms.toFixed(2).padStart(9)}${r.p99Ms.toFixed(2).padStart(9)}${(vs ? `${vs.throughput}x` : '').padStart(10)}${(vs ? `${vs.p99}x` : '').padStart(9)}${String(r.non2xx + r.errors).padStart(7)}`,
      );
    console.log(`\norder gate, ${CUSTOMERS} customers, ${CONNECTIONS} connections, ${SECONDS} s each`);
    console.log(
      `${'case'.padEnd(34)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'req/s vs'.padStart(10)}${'p99 vs'.padStart(9)}${'fail'.padStart(7)}`,
    );
    row('peer: bare Express 5 JSON', peerRun);
    row('gate: locked tenants', lockedRun, results.locked.vsPeer);
    row('gate: unlocked tenants', unlockedRun, results.unlocked.vsPeer);
    console.log(
      `CPU per request of the serving process: peer ${peerRun.cpuMsPerRequest} ms, locked ${lockedRun.cpuMsPerRequest} ms (${(peerRun.cpuMsPerRequest / lockedRun.cpuMsPerRequest).toFixed(2)}x), unlocked ${unlockedRun.cpuMsPerRequest} ms (${(peerRun.cpuMsPerRequest / unlockedRun.cpuMsPerRequest).toFixed(2)}x)`,
    );
    console.log(`Mongo reads by the gate during the runs: locked ${lockedRun.mongoReads}, unlocked ${unlockedRun.mongoReads} (0 when it answers from memory)`);
    console.log(
      `snapshot: ${results.snapshot.customers} customers loaded in ${results.snapshot.loadMs} ms; RSS ${results.snapshot.rssBeforeMiB} -> ${results.snapshot.rssAfterMiB} MiB (heap ${results.snapshot.heapUsedMiB} MiB)`,
    );
    console.log(
      `unlock -> other instance (${UNLOCKS} unlocks, polled every 5 ms): from XADD p50 ${unlock.xaddToAllowedMs.p50} ms, max ${unlock.xaddToAllowedMs.max} ms; from the unlock job's start p50 ${unlock.unlockJobStartToAllowedMs.p50} ms, max ${unlock.unlockJobStartToAllowedMs.max} ms`,
    );
    return results;
  } finally {
    for (const c of children) c.disconnect();
    await ctx.db.conn.dropDatabase().catch(() => undefined);
    await ctx.close();
    rmSync(env.OUTBOX_DIR!, { recursive: true, force: true });
  }
}

if (require.main === module) {
  withBenchStore(async () => {
    await benchOrderGate();
  }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
