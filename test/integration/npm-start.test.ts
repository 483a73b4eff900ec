import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../harness/global-setup';
import { startTestService, type TestService } from '../harness/service';
import { waitFor, within } from '../harness/wait-for';

const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm start` as a user or a process manager runs it: the real command, then SIGTERM to the
 * npm process only (what `kill <pid>`, `timeout` or a supervisor tracking one pid sends).
 * The service behind npm must shut down cleanly too, not live on as an orphan. The API and
 * the workers run as separate processes: a stuck worker cannot stop the API, a dead one stops all.
 */
describe('npm start', () => {
  // Only for its database and queue prefix, which stop() removes again; no workers of its own.
  let svc: TestService;
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    svc = await startTestService({ workers: false });
  });
  afterAll(async () => {
    // npm was started as a process-group leader: whatever is left of each group goes.
    for (const npm of started) {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
    await svc?.stop();
  });

  /** Runs `npm start` until it logs that it runs; returns its output so far, its exit and the child pids. */
  async function npmStart() {
    const port = await freePort();
    const { PUBLIC_URL: _ownUrl, ...env } = svc.env;
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      detached: true,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false', ...env, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(npm);
    const output = { text: '' };
    npm.stdout?.on('data', (d: Buffer) => (output.text += d.toString()));
    npm.stderr?.on('data', (d: Buffer) => (output.text += d.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));

    const running = await waitFor(async () => logLine(output.text, 'MCA consent service running'), `npm start to run (output: ${output.text})`, 60_000);
    const processes = running.processes as { api: number; workers: number };
    return { npm, port, output, exited, processes };
  }

  test('serves the API from its own process, which a stopped worker process does not hold up; a SIGTERM to npm stops everything', async () => {
    const { npm, port, output, exited, processes } = await npmStart();
    expect(new Set([npm.pid, processes.api, processes.workers]).size).toBe(3);
    expect(readFileSync(`/proc/${processes.api}/cmdline`, 'utf8')).toContain('services/api/src/main.ts');
    expect(readFileSync(`/proc/${processes.workers}/cmdline`, 'utf8')).toContain('workers/main.ts');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    // A worker process that does not run at all (as stuck as it gets) leaves the API answering.
    process.kill(processes.workers, 'SIGSTOP');
    try {
      for (let i = 0; i < 5; i++) {
        expect((await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
      }
    } finally {
      process.kill(processes.workers, 'SIGCONT');
    }

    process.kill(npm.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    await waitFor(async () => (output.text.includes('"msg":"stopped"') ? true : undefined), 'the service to log its shutdown', 15_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  test('a worker process that dies stops the service with a non-zero exit, instead of leaving it half alive', async () => {
    const { port, output, exited, processes } = await npmStart();
    process.kill(processes.workers, 'SIGKILL');
    expect(await within(exited, 30_000, () => `npm still running: ${output.text}`)).not.toBe(0);
    expect(output.text).toMatch(/the workers process ended on its own/);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

/** The first JSON log line whose msg is `msg`. */
function logLine(output: string, msg: string): Record<string, unknown> | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg) return entry;
    } catch {
      // not a log line
    }
  }
  return undefined;
}
