/**
 * Webhook ingest: autocannon against /webhooks/email (distinct messages) and /webhooks/docusign
 * (signed Connect JSON, distinct envelopes) served by the API in a process of its own (workers
 * stopped: the endpoint alone), and against a bare express endpoint in a process of its own; a
 * fixed number of requests each, so stored rows and queued jobs must equal the 2xx answers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { INBOUND_SECRET, type TestService } from '../test/harness/service';
import { freePort } from '../tools/child-process-lifetime';
import { descendantsCpuMs, processCpuMs } from './process-meters';

type Stats = { p50: number; p99: number; max: number };

const CONNECT_KEY = 'bench-connect-key-0123456789';

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

export async function ingest(svc: TestService, amount: number, connections: number) {
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

export function printIngest(w: Awaited<ReturnType<typeof ingest>>) {
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
