/**
 * `npm run bench:store`: the store's hot lookups as collections grow, on the bundled FerretDB
 * over each backend (PostgreSQL, SQLite), or on TEST_MONGO_URL's server when that is set. For
 * N customers and N consent requests (N = BENCH_STORE_SIZES, default 1000,10000,100000) it
 * times, through the app's own models and indexes: a customer by _id and by
 * { partnerId, tenantId } (the order gate), a consent request by reply token and by a sent
 * Message-ID (reply correlation), and an updateOne by _id. Prints a curve table (p50/p99 ms
 * per N) and writes bench/store-results.json. Flat means the lookups are indexed. A case
 * samples until BENCH_STORE_SAMPLES (200) or its time budget, so SQLite's seconds-long scans
 * at 100k get only a few samples (the count is printed with each cell).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { connectDb, type Db } from '@mca/core';
import { startFerretDb, type EmbeddedStore } from '../tools/mongo-server';

const SIZES = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_STORE_SAMPLES ?? 200);
/** A case stops sampling after this long (a 100k scan on SQLite takes seconds a lookup). */
const CASE_BUDGET_MS = Number(process.env.BENCH_STORE_CASE_BUDGET_MS ?? 15_000);
const BATCH = 1000;
/**
 * After each growth step: a store that grew by 90,000 documents in a minute is not yet what a
 * running service sees; PostgreSQL's autovacuum re-analyzes the grown tables within this.
 */
const SETTLE_MS = Number(process.env.BENCH_STORE_SETTLE_MS ?? 25_000);
const PARTNERS = Array.from({ length: 10 }, () => new Types.ObjectId());

type Stats = { samples: number; p50: number; p99: number };
type Case = 'customer by _id' | 'customer by partnerId+tenantId' | 'request by replyToken' | 'request by Message-ID' | 'updateOne by _id';

interface Keys {
  customerIds: Types.ObjectId[];
  tenants: { partnerId: Types.ObjectId; tenantId: string }[];
  replyTokens: string[];
  messageIds: string[];
}

function percentiles(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return { samples: s.length, p50: at(50), p99: at(99) };
}

/** Times fn on random picks until SAMPLES or the case's time budget is used up (at least 3). */
async function timeCase(fn: (pick: number) => Promise<unknown>, of: number): Promise<Stats> {
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < SAMPLES && (samples.length < 3 || performance.now() - started < CASE_BUDGET_MS)) {
    const pick = Math.floor(Math.random() * of);
    const t0 = performance.now();
    await fn(pick);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

/** Grows both collections from keys' current size to n, in insertMany batches. */
async function growTo(db: Db, keys: Keys, n: number): Promise<void> {
  for (let from = keys.customerIds.length; from < n; from += BATCH) {
    const count = Math.min(BATCH, n - from);
    const customers = Array.from({ length: count }, (_, i) => {
      const partnerId = PARTNERS[(from + i) % PARTNERS.length]!;
      return {
        _id: new Types.ObjectId(),
        partnerId,
        tenantId: randomUUID(),
        name: `Customer ${from + i}`,
        country: 'NO',
        language: 'nb',
        mca: { status: 'requested' },
        ordering: { status: 'locked' },
        createdAt: new Date(),
        updatedAt: new Date(),
      };
    });
    const requests = customers.map((c) => ({
      _id: new Types.ObjectId(),
      partnerId: c.partnerId,
      customerId: c._id,
      channel: 'email',
      status: 'sent',
      representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@customer.example' },
      locale: 'nb-NO',
      replyToken: randomBytes(16).toString('hex'),
      messageIds: [`<${randomUUID()}@mca.example>`],
      sendCount: 1,
      history: [{ at: new Date(), status: 'sent' }],
      createdAt: new Date(),
      updatedAt: new Date(),
    }));
    await db.models.customers.collection.insertMany(customers, { ordered: false });
    await db.models.consentRequests.collection.insertMany(requests, { ordered: false });
    for (const c of customers) {
      keys.customerIds.push(c._id);
      keys.tenants.push({ partnerId: c.partnerId, tenantId: c.tenantId });
    }
    for (const r of requests) {
      keys.replyTokens.push(r.replyToken);
      keys.messageIds.push(r.messageIds[0]!);
    }
  }
}

async function measure(db: Db, keys: Keys): Promise<Record<Case, Stats>> {
  const n = keys.customerIds.length;
  const { customers, consentRequests } = db.models;
  return {
    'customer by _id': await timeCase((i) => customers.findById(keys.customerIds[i]).lean(), n),
    'customer by partnerId+tenantId': await timeCase((i) => customers.findOne(keys.tenants[i]!, { ordering: 1, mca: 1 }).lean(), n),
    'request by replyToken': await timeCase((i) => consentRequests.findOne({ replyToken: keys.replyTokens[i] }).lean(), n),
    'request by Message-ID': await timeCase((i) => consentRequests.findOne({ messageIds: keys.messageIds[i] }).lean(), n),
    'updateOne by _id': await timeCase((i) => customers.updateOne({ _id: keys.customerIds[i] }, { $set: { 'mca.detail': `seen ${Date.now()}` } }), n),
  };
}

interface Curve {
  server: string;
  points: { n: number; insertSeconds: number; cases: Record<Case, Stats> }[];
}

async function curveOn(server: { url: string; name: string }): Promise<Curve> {
  const base = server.url.endsWith('/') ? server.url : `${server.url}/`;
  const db = await connectDb(`${base}mca_bench_store_${randomBytes(4).toString('hex')}`);
  const keys: Keys = { customerIds: [], tenants: [], replyTokens: [], messageIds: [] };
  const curve: Curve = { server: server.name, points: [] };
  try {
    for (const n of SIZES) {
      const t0 = performance.now();
      await growTo(db, keys, n);
      const insertSeconds = (performance.now() - t0) / 1000;
      console.error(`${server.name}: ${n} customers and requests (inserted in ${insertSeconds.toFixed(0)} s), settling, then timing lookups`);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      curve.points.push({ n, insertSeconds, cases: await measure(db, keys) });
    }
  } finally {
    await db.conn.dropDatabase().catch(() => {});
    await db.conn.close();
  }
  return curve;
}

async function onBundled(store: EmbeddedStore): Promise<Curve> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mca-bench-store-'));
  chmodSync(dataDir, 0o755); // for the postgres user of an own PostgreSQL cluster
  const mongo = await startFerretDb({ port: 20000 + Math.floor(Math.random() * 20000), dataDir, store, throwaway: true });
  try {
    return await curveOn({ url: mongo.url, name: `FerretDB 1.24 on ${mongo.store}` });
  } finally {
    await mongo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(curves: Curve[]): void {
  const cases = Object.keys(curves[0]?.points[0]?.cases ?? {}) as Case[];
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)).padStart(8);
  for (const curve of curves) {
    console.log(`\n${curve.server}: p50 / p99 ms per lookup (samples)`);
    console.log(`${'case'.padEnd(32)}${curve.points.map((p) => `N=${p.n}`.padStart(24)).join('')}`);
    for (const c of cases) {
      const cells = curve.points.map((p) => {
        const s = p.cases[c];
        return `${f(s.p50)} /${f(s.p99)} (${String(s.samples).padStart(3)})`.padStart(24);
      });
      console.log(`${c.padEnd(32)}${cells.join('')}`);
    }
    console.log(`${'seconds to grow to N'.padEnd(32)}${curve.points.map((p) => p.insertSeconds.toFixed(0).padStart(24)).join('')}`);
  }
}

async function main(): Promise<void> {
  const curves: Curve[] = [];
  if (process.env.TEST_MONGO_URL) {
    curves.push(await curveOn({ url: process.env.TEST_MONGO_URL, name: 'TEST_MONGO_URL' }));
  } else {
    const stores = (process.env.BENCH_STORES ?? 'postgresql,sqlite').split(',') as EmbeddedStore[];
    for (const store of stores) curves.push(await onBundled(store));
  }
  print(curves);
  const results = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, samplesPerCase: SAMPLES, curves };
  writeFileSync(path.join(__dirname, 'store-results.json'), JSON.stringify(results, null, 2));
  console.log('\nwritten bench/store-results.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
