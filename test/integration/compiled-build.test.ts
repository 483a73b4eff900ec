import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/global-setup';
import { spawnServiceProcess, stopServiceProcess, untilRunning, type ServiceProcess } from '../harness/service-processes';
import mongoose from 'mongoose';
import { deleteKeys, testDeploymentEnv } from '../harness/service';
import { startSmtpSink, type SmtpSink } from '../harness/smtp-sink';
import { waitFor } from '../harness/wait-for';
import { TENANT, call, createPartner } from '../harness/api-client';
import { OUT_DIR, packageDirFrom } from '../../tools/build';

const ROOT = path.resolve(__dirname, '../..');
// Every workspace the root declares: a package needed at run time must be a production dependency of one.
const WORKSPACES = ['.', ...(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces];

/**
 * The image cannot be built here (no Docker engine), so its steps are run as the Dockerfile
 * runs them: `npm run build`, then plain node on the compiled entries, with nothing but
 * production dependencies required.
 */
describe('the compiled service (what the container runs)', () => {
  let smtp: SmtpSink;
  let outbox: string;
  const processes: ServiceProcess[] = [];
  let env: Record<string, string> | undefined;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    smtp = await startSmtpSink();
    outbox = mkdtempSync(path.join(os.tmpdir(), 'mca-outbox-'));
  }, 150_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => stopServiceProcess(p)));
    if (env) {
      const conn = await mongoose.createConnection(env.MONGO_URL!).asPromise();
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
      await deleteKeys(env.REDIS_URL!, `${env.QUEUE_PREFIX}:*`);
    }
    await smtp?.close();
    if (outbox) rmSync(outbox, { recursive: true, force: true });
  });

  test('every package the compiled code requires is a production dependency (npm ci --omit=dev installs it)', () => {
    const meta = JSON.parse(readFileSync(path.join(ROOT, 'dist/meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
    };
    const required = new Set(
      Object.values(meta.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external && !isBuiltin(i.path))
        .map((i) => (i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]!)),
    );
    const production = new Set(WORKSPACES.flatMap((w) => Object.keys(JSON.parse(readFileSync(path.join(ROOT, w, 'package.json'), 'utf8')).dependencies ?? {})));
    expect(required.size).toBeGreaterThan(5);
    expect([...required].filter((p) => !production.has(p))).toEqual([]);
    expect(required.has('tsx')).toBe(false);
    expect([...required].some((p) => p.startsWith('@mca/'))).toBe(false);
    // What node loads from dist/ is the version each workspace declaring it loads (npm nests a
    // workspace's own version when another took the root slot: such a package is compiled in).
    const declaredBy = WORKSPACES.flatMap((w) =>
      Object.keys(JSON.parse(readFileSync(path.join(ROOT, w, 'package.json'), 'utf8')).dependencies ?? {}).map((name) => ({ w, name })),
    );
    const loadsOther = declaredBy.filter(({ w, name }) => required.has(name) && packageDirFrom(name, path.join(ROOT, w)) !== packageDirFrom(name, OUT_DIR));
    expect(loadsOther).toEqual([]);
    // Opened by file name at run time, so it must sit beside the bundle.
    expect(existsSync(path.join(ROOT, 'dist/email-reply-parser-thread.mjs'))).toBe(true);
  });

  test('node dist/api.js serves /healthz and /readyz, node dist/workers.js its /healthz and /metrics on METRICS_PORT', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    env = { ...testDeploymentEnv(randomBytes(5).toString('hex'), smtp.url, outbox), LOG_LEVEL: 'warn', NODE_ENV: 'production' };
    const api = spawnServiceProcess('api', 'dist/api.js', [], { ...env, PORT: String(port) });
    const workers = spawnServiceProcess('workers', 'dist/workers.js', [], { ...env, METRICS_PORT: String(metricsPort) });
    processes.push(api, workers);
    await Promise.all([untilRunning(api), untilRunning(workers)]);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Readiness pings MongoDB and Redis with a short timeout: on a loaded machine the first probe
    // may say 503, as an orchestrator's would, so it is asked again as an orchestrator does.
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), 'api ready', 15_000);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toContain('mca_queue_jobs{queue="dispatch-email",state="waiting"}');

    // The packages npm nested under a workspace run compiled in: the CSV import (csv-parse), the
    // sealed representative (the vault's key cache, lru-cache 11) and the report (csv-stringify 6).
    const baseUrl = `http://127.0.0.1:${port}`;
    const partner = await createPartner(baseUrl, { name: 'Compiled' });
    const tenantId = TENANT();
    const imported = await call(baseUrl, 'POST', '/v1/customers/import', {
      token: partner.apiKey,
      contentType: 'text/csv',
      body: `tenantId,name,country,language,firstName,lastName,email\r\n${tenantId},"Fjord, AS",NO,nb-NO,Kari,Nordmann,kari@fjord.example\r\n`,
    });
    expect({ status: imported.status, created: imported.body?.created }).toEqual({ status: 200, created: 1 });
    const report = await fetch(`${baseUrl}/v1/reports/consents.csv`, { headers: { authorization: `Bearer ${partner.apiKey}` } });
    const lines = (await report.text()).trim().split('\r\n');
    expect({ status: report.status, rows: lines.length, tenant: lines[1]?.includes(tenantId) }).toEqual({ status: 200, rows: 2, tenant: true });
  }, 120_000);
});
