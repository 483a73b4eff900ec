/**
 * The campaign bench's SMTP sink (the tests' own, test/harness/smtp-sink.ts) in a process of its
 * own, so that the mail it keeps (the raw peer sends it again) does not count in the service's RSS. Spawned by startSinkProcess(); over
 * its IPC channel it answers `count` with the number of messages received and `dump` with the
 * path of a JSON file holding each message's envelope and raw bytes (base64).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSmtpSink } from '../test/harness/smtp-sink';

type Kept = { from: string; to: string[]; raw: string };
type Ask = { id: number; op: 'count' | 'dump' };

async function serve() {
  const sink = await startSmtpSink();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mca-sink-'));
  process.on('disconnect', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
  process.on('message', (m: Ask) => {
    if (m.op === 'count') return process.send!({ id: m.id, count: sink.received.length });
    const file = path.join(dir, 'received.json');
    const kept: Kept[] = sink.received.map((r) => ({ from: r.envelope.from, to: r.envelope.to, raw: r.raw.toString('base64') }));
    writeFileSync(file, JSON.stringify(kept));
    process.send!({ id: m.id, file });
  });
  process.send!({ port: Number(new URL(sink.url).port) });
}

export type SinkMessage = { envelope: { from: string; to: string[] }; raw: Buffer };

/** Starts the sink process; `received()` counts, `messages()` reads them all back. */
export async function startSinkProcess() {
  const child = fork(__filename, ['--serve'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`SMTP sink process ended (${code}) before it listened`)));
  });
  let next = 0;
  const ask = <T>(op: Ask['op']) =>
    new Promise<T>((resolve) => {
      const id = ++next;
      const onMessage = (m: T & { id: number }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send({ id, op });
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid!,
    received: async () => (await ask<{ count: number }>('count')).count,
    messages: async (): Promise<SinkMessage[]> => {
      const { file } = await ask<{ file: string }>('dump');
      return (JSON.parse(readFileSync(file, 'utf8')) as Kept[]).map((k) => ({ envelope: { from: k.from, to: k.to }, raw: Buffer.from(k.raw, 'base64') }));
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

if (process.argv.includes('--serve')) void serve();
