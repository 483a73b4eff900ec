/**
 * `npm run bench:campaigns` (also part of `npm run bench`): the deadline-week bulk path on the
 * real stack (the bundled FerretDB or TEST_MONGO_URL, Redis, the SMTP sink, the whole service
 * in this process as the tests run it). Measures the import of N CSV rows (rows/s, peak RSS),
 * the API latency of POST /v1/campaigns over N customers and over none, and an N-customer email
 * campaign to an SMTP sink in a process of its own (emails/s, peak RSS of the service) against
 * raw pooled nodemailer sending the same messages to the same sink in the same run, with
 * EMAIL_RATE_PER_SECOND lifted.
 * BENCH_CAMPAIGN_CUSTOMERS sizes it (2,000 by default on a shared 2-core machine; the 10,000 when quiet).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { Types } from 'mongoose';
import { applyHeapGrowth } from '@mca/core';
import { TENANT, call, createPartner } from '../test/harness/api-client';
import { startAnotherInstance, startTestService } from '../test/harness/service';
import { withBenchStore } from './bench-store';
import { startSinkProcess } from './smtp-sink-process';
import { countMongoCalls, descendantsCpuMs } from './process-meters';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc') as () => void;
/** The JavaScript heap still reachable after a full collection: what the process holds, not what V8 has yet to collect. */
const liveHeapMb = () => {
  fullGc();
  return mb(process.memoryUsage().heapUsed);
};

/**
 * Peak RSS of this process (the service's API and workers, and the bench's client) while `fn`
 * runs, sampled every 50 ms, and the live heap before and after: RSS counts garbage V8 has not
 * collected yet, the live heap tells growth from laziness.
 */
async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; peakRssMb: number; startRssMb: number; liveHeapMb: { before: number; after: number } }> {
  const before = liveHeapMb();
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await fn();
    return { value, peakRssMb: mb(peak), startRssMb: mb(startRss), liveHeapMb: { before, after: liveHeapMb() } };
  } finally {
    clearInterval(timer);
  }
}

export function csvOf(n: number): string {
  const rows = ['tenantId,name,country,language,firstName,lastName,email'];
  for (let i = 0; i < n; i++) rows.push(`${TENANT()},"Kunde ${i}, AS",NO,nb-NO,Kari,Nordmann,kari${i}@kunde${i}.example`);
  return rows.join('\r\n') + '\r\n';
}

export async function benchCampaigns(customers = Number(process.env.BENCH_CAMPAIGN_CUSTOMERS ?? 2_000)) {
  const sink = await startSinkProcess();
  const svc = await startTestService({
    env: {
      SMTP_URL: sink.url,
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_SENDS_PER_MINUTE: '100000000',
      EMAIL_RATE_PER_SECOND: '100000',
      QUEUE_LOCK_MS: '30000',
      SWEEP_AFTER_MS: '60000',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error', // errors only: a failure says why
    },
  });
  // The service's processes set this at start (runProcess); here it runs inside the bench's.
  applyHeapGrowth(svc.ctx.config);
  try {
    const partner = await createPartner(svc.baseUrl, { name: 'Bench campaigns' });
    const csv = csvOf(customers);
    const imported = await withPeakRss(async () => {
      const t0 = performance.now();
      const res = await fetch(`${svc.baseUrl}/v1/customers/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partner.apiKey}`, 'content-type': 'text/csv' },
        body: csv,
      });
      const body = (await res.json()) as { created: number };
      return { created: body.created, seconds: (performance.now() - t0) / 1000 };
    });
    const importRowsPerSecond = Math.round(imported.value.created / imported.value.seconds);
    console.log(JSON.stringify({ import: { rows: customers, ...imported.value, rowsPerSecond: importRowsPerSecond, peakRssMb: imported.peakRssMb } }));

    // Creation latency over none (a campaign naming an unknown id), then over all N.
    const empty: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'email', customerIds: [new Types.ObjectId().toString()] } });
      empty.push(performance.now() - t0);
    }
    await sleep(1000);
    const mailsBefore = await sink.received();
    const cpu0 = process.cpuUsage();
    // Run by npm run bench, the store is its parent's child, not this process's: count it from there.
    const storeRoot = Number(process.env.BENCH_STORE_ROOT_PID ?? process.pid);
    const storeCpuMs = () => descendantsCpuMs([sink.pid, process.pid], storeRoot);
    const storeCpu0 = storeCpuMs();
    const counted = await countMongoCalls(() =>
      withPeakRss(async () => {
        const t0 = performance.now();
        const res = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: partner.apiKey, json: { channel: 'email', name: 'bench' } });
        const createMs = performance.now() - t0;
        for (;;) {
          if ((await sink.received()) - mailsBefore >= customers) break;
          await sleep(100);
        }
        const seconds = (performance.now() - t0) / 1000;
        const counts = (await call(svc.baseUrl, 'GET', `/v1/campaigns/${res.body.id}`, { token: partner.apiKey })).body.counts;
        return { createMs, seconds, counts };
      }),
    );
    const campaign = counted.result;
    // Per email: this process's CPU (the API and workers, the bench's polling) and the store's (FerretDB, its PostgreSQL).
    const cpu = process.cpuUsage(cpu0);
    const perEmail = (x: number) => Math.round((x / customers) * 10) / 10;
    const costs = {
      serviceCpuMsPerEmail: perEmail((cpu.user + cpu.system) / 1000),
      storeCpuMsPerEmail: perEmail(storeCpuMs() - storeCpu0),
      mongoCallsPerEmail: perEmail(Object.values(counted.calls).reduce((a, b) => a + b, 0)),
    };
    const emailsPerSecond = Math.round(customers / campaign.value.seconds);
    console.log(JSON.stringify({ campaign: { customers, ...campaign.value, emailsPerSecond, peakRssMb: campaign.peakRssMb, ...costs, calls: counted.calls } }));

    // The peer: the same messages, raw, through one pooled nodemailer transport to the same sink.
    const messages = (await sink.messages()).slice(mailsBefore, mailsBefore + customers);
    const transport = nodemailer.createTransport({ url: svc.env.SMTP_URL!, pool: true } as Parameters<typeof nodemailer.createTransport>[0]);
    const t0 = performance.now();
    await Promise.all(messages.map((m) => transport.sendMail({ envelope: { from: m.envelope.from, to: m.envelope.to }, raw: m.raw } as SendMailOptions)));
    const rawSeconds = (performance.now() - t0) / 1000;
    transport.close();
    const rawPerSecond = Math.round(messages.length / rawSeconds);
    // The auditor's report over the N customers (each with its request now), last so that the
    // instance it starts does not weigh on the RSS above: from an instance that has read none of
    // their keys yet (cold), then again (its key cache warm).
    const reportSeconds = async (baseUrl: string) => {
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}/v1/reports/consents.csv`, { headers: { authorization: `Bearer ${partner.apiKey}` } });
      const rows = (await res.text()).trim().split('\r\n').length - 1;
      if (rows !== customers) throw new Error(`report: ${rows} rows, not ${customers}`);
      return Math.round((performance.now() - t0) / 100) / 10;
    };
    const fresh = await startAnotherInstance(svc);
    const report = { coldSeconds: await reportSeconds(fresh.baseUrl), warmSeconds: await reportSeconds(fresh.baseUrl) };
    await fresh.stop();
    console.log(JSON.stringify({ report }));

    const sorted = [...empty].sort((a, b) => a - b);
    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      customers,
      import: { rowsPerSecond: importRowsPerSecond, seconds: imported.value.seconds, peakRssMb: imported.peakRssMb },
      report,
      creation: { overAllMs: Math.round(campaign.value.createMs), overNoneP50Ms: Math.round(sorted[5]!), overNoneMaxMs: Math.round(sorted[9]!) },
      campaign: {
        emailsPerSecond,
        seconds: campaign.value.seconds,
        startRssMb: campaign.startRssMb,
        peakRssMb: campaign.peakRssMb,
        liveHeapMb: campaign.liveHeapMb,
        ...costs,
        counts: campaign.value.counts,
      },
      rawNodemailer: { emailsPerSecond: rawPerSecond, pooled: true },
      ratio: Math.round((emailsPerSecond / rawPerSecond) * 100) / 100,
    };
  } finally {
    await svc.stop();
    await sink.stop();
  }
}

export type CampaignBench = Awaited<ReturnType<typeof benchCampaigns>>;

export function printCampaigns(r: CampaignBench) {
  console.log(`\ncampaigns (${r.customers} customers)`);
  console.log(`import: ${r.import.rowsPerSecond} rows/s (${r.import.seconds.toFixed(1)} s), peak RSS ${r.import.peakRssMb} MB`);
  console.log(
    `consent report (GET /v1/reports/consents.csv, ${r.customers} rows): ${r.report.coldSeconds} s from a fresh instance, ${r.report.warmSeconds} s again`,
  );
  console.log(
    `POST /v1/campaigns: ${r.creation.overAllMs} ms over ${r.customers} customers; p50 ${r.creation.overNoneP50Ms} ms / max ${r.creation.overNoneMaxMs} ms over none`,
  );
  console.log(
    `email campaign: ${r.campaign.emailsPerSecond} emails/s (${r.campaign.seconds.toFixed(1)} s), service RSS ${r.campaign.startRssMb} -> peak ${r.campaign.peakRssMb} MB, live heap ${r.campaign.liveHeapMb.before} -> ${r.campaign.liveHeapMb.after} MB (the SMTP sink runs in a process of its own); raw pooled nodemailer ${r.rawNodemailer.emailsPerSecond}/s: ${r.ratio}x`,
  );
  console.log(
    `per email: ${r.campaign.mongoCallsPerEmail} Mongo calls, CPU ${r.campaign.serviceCpuMsPerEmail} ms in the service and ${r.campaign.storeCpuMsPerEmail} ms in the store (FerretDB and its PostgreSQL)`,
  );
}

async function main() {
  await withBenchStore(async () => {
    const results = await benchCampaigns();
    printCampaigns(results);
    writeFileSync(path.join(__dirname, 'campaign-results.json'), JSON.stringify(results, null, 2));
    console.log('\nwritten bench/campaign-results.json');
  });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
