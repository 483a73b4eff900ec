import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { within } from './wait-for';

const ROOT = path.resolve(__dirname, '../..');
export const API_ENTRY = 'services/api/src/main.ts';
export const WORKERS_ENTRY = 'workers/main.ts';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output: { text: string };
  /** Resolves with the signal (or exit code) it ended with. */
  exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * One entry point as a real process (`node --import tsx <entry>`, or `node dist/<entry>.js`), as a container or a process
 * manager runs it, with an IPC channel: runProcess reports over it when it runs, and stops
 * when the channel goes (so a test that dies leaves no orphan holding a queue).
 */
export function spawnServiceProcess(name: string, entry: string, args: string[], env: Record<string, string>): ServiceProcess {
  // A compiled entry (dist/*.js, as the image runs it) needs plain node, nothing else.
  const runner = entry.endsWith('.js') ? ['--enable-source-maps'] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...runner, entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = { text: '' };
  child.stdout?.on('data', (d: Buffer) => (output.text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output.text += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { name, child, output, exited };
}

/** Resolves once the process says it runs; throws with its output if it ends (or hangs) first. */
export async function untilRunning(p: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const running = new Promise<void>((resolve) => {
    p.child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as { running?: unknown }).running !== undefined) resolve();
    });
  });
  const endedFirst = p.exited.then((how) => {
    throw new Error(`${p.name} ended (${String(how)}) before it ran:\n${p.output.text}`);
  });
  await within(Promise.race([running, endedFirst]), timeoutMs, () => {
    throw new Error(`${p.name} did not start within ${timeoutMs} ms:\n${p.output.text}`);
  });
}

/** SIGTERM, then SIGKILL if it has not ended after `graceMs`. */
export async function stopServiceProcess(p: ServiceProcess, graceMs = 15_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await within(p.exited, graceMs, () => {
    p.child.kill('SIGKILL');
    return p.exited;
  });
}
