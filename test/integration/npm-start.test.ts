import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../harness/global-setup';
import { startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm start` as a user or a process manager runs it: the real command, then SIGTERM to the
 * npm process only (what `kill <pid>`, `timeout` or a supervisor tracking one pid sends).
 * The service behind npm must shut down cleanly too, not live on as an orphan.
 */
describe('npm start', () => {
  // Only for its database and queue prefix, which stop() removes again; no workers of its own.
  let svc: TestService;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    svc = await startTestService({ workers: false });
  });
  afterAll(async () => {
    // npm was started as a process-group leader: whatever is left of the group goes.
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
    await svc?.stop();
  });

  test('serves the API, and a SIGTERM to npm stops the service behind it', async () => {
    const port = await freePort();
    const { PUBLIC_URL: _ownUrl, ...env } = svc.env;
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      detached: true,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false', ...env, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    await waitFor(async () => (out.includes('MCA consent service running') ? true : undefined), `npm start to run (output: ${out})`, 60_000);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    await waitFor(async () => (out.includes('"msg":"stopped"') ? true : undefined), 'the service to log its shutdown', 15_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
