import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { TENANT, uploadSignedCopy, call, createPartner } from '../harness/api-client';
import { runCli, runCliJson } from '../harness/run-cli';
import { startAnotherInstance, startTestService, type TestInstance, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const SLOW = 300_000;

/** The operator CLI as a child process against the same database and Redis prefix as a running API. */
describe('operator CLI (npx mca)', () => {
  let svc: TestService;
  let other: TestInstance;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    svc = await startTestService();
    other = await startAnotherInstance(svc);
    env = { ...svc.env, LOG_LEVEL: 'warn' };
    dir = mkdtempSync(path.join(os.tmpdir(), 'mca-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await other?.stop();
    await svc?.stop();
  });

  const customersStatus = (baseUrl: string, key: string) => call(baseUrl, 'GET', '/v1/customers', { token: key }).then((r) => r.status);

  // Each run is a process of its own that loads the service's code: slow on a loaded machine.
  // The command line's own refusals are unit tests (test/unit/cli); these need the real thing.
  test(
    'the linked bin answers --help, and refuses an unknown partner and a bad option with exit 1 and one line',
    async () => {
      const help = await runCli(['--help'], env);
      expect(help.code).toBe(0);
      for (const c of ['partner create', 'partner rotate-key', 'customer show', 'import', 'campaign start', 'campaign watch', 'jobs failed', 'jobs replay'])
        expect(help.stdout).toContain(c);

      const unknown = new Types.ObjectId().toString();
      for (const [args, line] of [
        [['partner', 'rotate-key', '--partner', unknown], `mca: partner ${unknown} not found`],
        [['customer', 'show', '--partner', unknown, '--tenant', TENANT()], `mca: partner ${unknown} not found`],
        [
          ['jobs', 'failed', '--queue', 'nope'],
          'mca: --queue must be one of dispatch-email, expiry, inbound-email, docusign, inbound-docusign, unlock, notify, microsoft, campaigns, scheduler, audit-reads, not "nope"',
        ],
      ] as [string[], string][]) {
        const run = await runCli(args, env);
        expect({ args, code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ args, code: 1, stderr: `${line}\n`, stdout: '' });
      }
    },
    SLOW,
  );

  test(
    'partner create prints a key that works against the API; rotate-key revokes the old keys on every instance',
    async () => {
      const created = await runCliJson(
        ['partner', 'create', '--name', 'Nordlys IT', '--webhook-url', 'http://127.0.0.1:9/hooks', '--tenant-id', TENANT()],
        env,
      );
      expect(created).toEqual({
        id: expect.stringMatching(/^[a-f0-9]{24}$/),
        name: 'Nordlys IT',
        apiKey: expect.any(String),
        webhookSecret: expect.stringMatching(/^whsec_/),
      });
      expect(await customersStatus(svc.baseUrl, created.apiKey)).toBe(200);
      // The other instance caches the key now: the revocation must reach its cache, not just Mongo.
      expect(await customersStatus(other.baseUrl, created.apiKey)).toBe(200);
      const orders = await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: created.apiKey, json: { name: 'erp', scope: 'orders' } });
      expect(orders.status).toBe(201);

      const text = await runCli(['partner', 'rotate-key', '--partner', created.id], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/2 old keys revoked/);
      const newKey = /new api key for Nordlys IT \([a-f0-9]{24}\): (\S+)/.exec(text.stdout)?.[1];
      expect(newKey).toBeDefined();

      for (const baseUrl of [svc.baseUrl, other.baseUrl]) {
        await waitFor(async () => ((await customersStatus(baseUrl, created.apiKey)) === 401 ? true : undefined), `old key refused on ${baseUrl}`, 10_000);
        expect(await customersStatus(baseUrl, newKey!)).toBe(200);
      }
      const authorize = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', {
        token: orders.body.apiKey,
        json: { tenantId: TENANT(), action: 'new-order', program: 'CSP' },
      });
      expect(authorize.status).toBe(401);
      const keys = await call(svc.baseUrl, 'GET', '/v1/api-keys', { token: newKey! });
      expect(keys.body.items).toEqual([expect.objectContaining({ scope: 'full', name: expect.stringMatching(/^rotated /) })]);
    },
    SLOW,
  );

  test(
    'import: a dry run writes nothing; the real one creates, a re-import counts existing; customer show prints it all',
    async () => {
      const partner = await createPartner(svc.baseUrl, { name: 'Import Partner' });
      const tenantA = TENANT();
      const tenantB = TENANT();
      const file = path.join(dir, 'customers.csv');
      writeFileSync(
        file,
        [
          'tenantId,name,country,language,firstName,lastName,email',
          `${tenantA},Fjellvind AS,NO,nb-NO,Kari,Nordmann,kari@fjellvind.example`,
          'not-a-guid,Broken AS,NO,nb-NO,,,',
          `${tenantB},"Havbris, Regnskap AS",NO,nb-NO,,,`,
        ].join('\r\n'),
      );

      const dry = await runCli(['import', '--partner', partner.id, file, '--dry-run'], env);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^dry run \(nothing written\): 2 would be created, 0 existing, 1 invalid\n {2}line 3: tenantId/);
      expect((await call(svc.baseUrl, 'GET', '/v1/customers', { token: partner.apiKey })).body.items).toEqual([]);

      const real = await runCliJson(['import', '--partner', partner.id, file], env);
      expect(real).toMatchObject({ dryRun: false, created: 2, existing: 0, invalid: [{ line: 3, message: expect.stringMatching(/tenantId/) }] });
      const listed = (await call(svc.baseUrl, 'GET', '/v1/customers', { token: partner.apiKey })).body.items;
      expect(listed.map((c: { name: string }) => c.name).sort()).toEqual(['Fjellvind AS', 'Havbris, Regnskap AS']);
      expect(await runCliJson(['import', '--partner', partner.id, file], env)).toMatchObject({ created: 0, existing: 2 });

      const a = listed.find((c: { tenantId: string }) => c.tenantId === tenantA);
      const req = await call(svc.baseUrl, 'POST', `/v1/customers/${a.id}/consent-requests`, { token: partner.apiKey, json: { channel: 'email' } });
      expect(req.status).toBe(202);
      await waitFor(async () => {
        const r = await call(svc.baseUrl, 'GET', `/v1/customers/${a.id}/consent-requests/${req.body.id}`, { token: partner.apiKey });
        return r.body.status === 'sent' ? true : undefined;
      }, 'consent email sent');
      await uploadSignedCopy(svc.baseUrl, partner.apiKey, a.id);

      const shown = await runCliJson(['customer', 'show', '--partner', partner.id, '--tenant', tenantA], env);
      expect(shown.customer).toEqual((await call(svc.baseUrl, 'GET', `/v1/customers/${a.id}`, { token: partner.apiKey })).body);
      expect(shown.consentRequests).toHaveLength(1);
      expect(shown.consentRequests[0].history.map((h: { status: string }) => h.status).slice(0, 2)).toEqual(['queued', 'sent']);
      expect(shown.consentRecords).toEqual((await call(svc.baseUrl, 'GET', `/v1/customers/${a.id}/consent-records`, { token: partner.apiKey })).body.items);
      expect(shown.consentRecords).toEqual([expect.objectContaining({ method: 'attestation' })]);

      const text = await runCli(['customer', 'show', '--partner', partner.id, '--id', a.id], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`Fjellvind AS (${a.id})`);
      expect(text.stdout).toMatch(/MCA accepted by attestation/);
      expect(text.stdout).toMatch(/Consent requests \(1\)\n {2}[a-f0-9]{24} {2}email/);
      expect(text.stdout).toMatch(/Consent records \(1\)\n {2}[a-f0-9]{24} .*attestation/);

      // Another partner's customer is not found, as over the API.
      const stranger = await createPartner(svc.baseUrl, { name: 'Stranger' });
      const miss = await runCli(['customer', 'show', '--partner', stranger.id, '--id', a.id], env);
      expect(miss.code).toBe(1);
      expect(miss.stderr.trim()).toBe('mca: customer not found');
    },
    SLOW,
  );
});

describe('operator CLI: failed jobs', () => {
  let broken: TestService;
  let env: Record<string, string>;

  beforeAll(async () => {
    // SMTP at a port nobody listens on: every consent email fails for real, on its only attempt.
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    broken = await startTestService({ env: { SMTP_URL: `smtp://127.0.0.1:${closedPort}`, JOB_ATTEMPTS: '1' } });
    env = { ...broken.env, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => broken?.stop());

  test(
    'a failed job is listed without personal data and replayed; the replay sends nothing twice',
    async () => {
      const partner = await createPartner(broken.baseUrl, { name: 'Broken SMTP' });
      const customer = await call(broken.baseUrl, 'POST', '/v1/customers', {
        token: partner.apiKey,
        json: { tenantId: TENANT(), name: 'Solvik AS', country: 'NO', language: 'nb-NO' },
      });
      const req = await call(broken.baseUrl, 'POST', `/v1/customers/${customer.body.id}/consent-requests`, {
        token: partner.apiKey,
        json: { channel: 'email', representative: { firstName: 'Per', lastName: 'Solvik', email: 'per.solvik@solvik.example', phone: '+47 912 34 567' } },
      });
      const requestPath = `/v1/customers/${customer.body.id}/consent-requests/${req.body.id}`;
      await waitFor(
        async () => ((await call(broken.baseUrl, 'GET', requestPath, { token: partner.apiKey })).body.status === 'failed' ? true : undefined),
        'request failed',
      );
      const jobId = `send-${req.body.id}-1`;

      const failed = await runCliJson(['jobs', 'failed'], env);
      expect(failed).toEqual([
        {
          queue: 'dispatch-email',
          id: jobId,
          name: 'dispatch-email',
          failedReason: expect.stringMatching(/ECONNREFUSED/),
          attemptsMade: 1,
          failedAt: expect.any(String),
        },
      ]);
      const table = await runCli(['jobs', 'failed', '--queue', 'dispatch-email'], env);
      expect(table.stdout).toMatch(new RegExp(`^QUEUE +ID +NAME +ATTEMPTS +FAILED AT +REASON\\ndispatch-email +${jobId} +dispatch-email +1 `));
      for (const out of [table.stdout, JSON.stringify(failed)]) expect(out).not.toMatch(/solvik\.example|912 34 567|Per Solvik/);

      const replay = await runCli(['jobs', 'replay', '--queue', 'dispatch-email', '--id', jobId], env);
      expect(replay.code).toBe(0);
      expect(replay.stdout).toBe(`retried: dispatch-email ${jobId}\n1 job replayed\n`);
      const job = await broken.ctx.queues.queue('dispatch-email').getJob(jobId);
      await waitFor(async () => ((await job!.getState()) === 'completed' ? true : undefined), 'replayed job completed');
      // The failure is on the request already: the replay finds nothing queued to send (the partner resends).
      const after = (await call(broken.baseUrl, 'GET', requestPath, { token: partner.apiKey })).body;
      expect(after.status).toBe('failed');
      expect(after.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'failed']);
      expect(await runCliJson(['jobs', 'failed'], env)).toEqual([]);

      const again = await runCli(['jobs', 'replay', '--queue', 'dispatch-email', '--id', jobId], env);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe(`mca: job ${jobId} in queue dispatch-email is not failed (nothing replayed)`);
      expect(await runCliJson(['jobs', 'replay', '--queue', 'dispatch-email', '--all'], env)).toEqual({
        queue: 'dispatch-email',
        retried: 0,
        skipped: 0,
        jobs: [],
      });
    },
    SLOW,
  );

  test(
    'replay --all retries every failed job of the queue',
    async () => {
      const partner = await createPartner(broken.baseUrl, { name: 'Broken SMTP 2' });
      const ids: string[] = [];
      for (const name of ['Aust AS', 'Vest AS']) {
        const c = await call(broken.baseUrl, 'POST', '/v1/customers', {
          token: partner.apiKey,
          json: { tenantId: TENANT(), name, country: 'NO', language: 'nb-NO' },
        });
        const r = await call(broken.baseUrl, 'POST', `/v1/customers/${c.body.id}/consent-requests`, {
          token: partner.apiKey,
          json: { channel: 'email', representative: { firstName: 'Ida', lastName: 'Aas', email: 'ida@aas.example' } },
        });
        ids.push(`send-${r.body.id}-1`);
      }
      const queue = broken.ctx.queues.queue('dispatch-email');
      await waitFor(
        async () => ((await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.isFailed()))).every(Boolean) ? true : undefined),
        'both jobs failed',
      );
      const replay = await runCliJson(['jobs', 'replay', '--queue', 'dispatch-email', '--all'], env);
      expect(replay.retried).toBe(2);
      expect(replay.jobs.map((j: { id: string }) => j.id).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const job = await queue.getJob(id);
        await waitFor(async () => ((await job!.getState()) === 'completed' ? true : undefined), `${id} completed`);
      }
    },
    SLOW,
  );
});
