import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { TENANT, call, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { runCli, runCliJson } from '../harness/run-cli';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const MCA = path.resolve(__dirname, '../../node_modules/.bin/mca');

const SLOW = 300_000;

/** `mca campaign …` as child processes against the service's own workers, seen through the API. */
describe('operator CLI: campaigns (npx mca campaign)', () => {
  let svc: TestService;
  let env: Record<string, string>;
  let dir: string;
  let partner: { apiKey: string; id: string };

  beforeAll(async () => {
    svc = await startTestService();
    env = { ...svc.env, LOG_LEVEL: 'warn' };
    dir = mkdtempSync(path.join(os.tmpdir(), 'mca-cli-campaigns-'));
    partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT' });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await svc?.stop();
  });

  const apiCampaign = async (id: string) => (await call(svc.baseUrl, 'GET', `/v1/campaigns/${id}`, { token: partner.apiKey })).body;
  async function importCustomers(file: string, emails: string[]): Promise<void> {
    const rows = emails.map((e, i) => `${TENANT()},Kunde ${e.split('@')[0]} AS,NO,nb-NO,Kari,Nordmann${i},${e}`);
    writeFileSync(path.join(dir, file), ['tenantId,name,country,language,firstName,lastName,email', ...rows].join('\n'));
    expect(await runCliJson(['import', '--partner', partner.id, path.join(dir, file)], env)).toMatchObject({ created: emails.length, invalidCount: 0 });
  }
  async function accept(email: string) {
    const original = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    const reply = await buildReply({ original, from: `Kari Nordmann <${email}>`, body: 'Hei,\n\nJeg godtar.\n\nMvh Kari' });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
  }

  test(
    'start prints the campaign; watch --json prints a line per change and exits 0 once the replies complete it',
    async () => {
      const emails = ['a@watch-one.example', 'b@watch-two.example', 'c@watch-three.example'];
      await importCustomers('first.csv', emails);

      const started = await runCliJson(['campaign', 'start', '--partner', partner.id, '--channel', 'email', '--name', 'Deadline week'], env);
      expect(started).toMatchObject({ id: expect.stringMatching(/^[a-f0-9]{24}$/), name: 'Deadline week', channel: 'email', status: 'running' });
      expect(await apiCampaign(started.id)).toMatchObject({ id: started.id, name: 'Deadline week' });

      const watching = runCli(['campaign', 'watch', '--partner', partner.id, '--campaign', started.id, '--json'], env);
      for (const e of emails) await accept(e);
      const watched = await watching;
      expect({ code: watched.code, stderr: watched.stderr }).toEqual({ code: 0, stderr: '' });
      const lines = watched.stdout.trim().split('\n');
      const views = lines.map((l) => JSON.parse(l) as { status: string; counts: Record<string, number> });
      expect(views[views.length - 1]).toEqual(await apiCampaign(started.id));
      expect(views[views.length - 1]).toMatchObject({ status: 'completed', counts: { total: 3, accepted: 3, sent: 0, queued: 0 } });
      expect(views.slice(0, -1).every((v) => v.status === 'running')).toBe(true);
      // A line per change: no two lines in a row are the same.
      expect(lines.every((l, i) => i === 0 || l !== lines[i - 1])).toBe(true);

      // A person gets the bar; the campaign is done, so it is drawn once, full.
      const text = await runCli(['campaign', 'watch', '--partner', partner.id, '--campaign', started.id], env);
      expect(text).toEqual({ code: 0, stderr: '', stdout: '[##############################] 100% 3/3 done, completed: accepted 3\n' });
      const shown = await runCli(['campaign', 'show', '--partner', partner.id, '--campaign', started.id], env);
      expect(shown.stdout).toMatch(new RegExp(`^Deadline week \\(${started.id}\\)\\n {2}email, completed; .*\\n.*\\n {2}3 matched: accepted 3\\n$`));
    },
    SLOW,
  );

  test(
    'pause, resume and cancel through the CLI change what the API shows; a cancelled campaign is refused and watched with exit 1',
    async () => {
      const emails = ['d@pause-one.example', 'e@pause-two.example'];
      await importCustomers('second.csv', emails);
      const started = await runCliJson(['campaign', 'start', '--partner', partner.id, '--channel', 'email', '--status', 'not-requested'], env);
      expect(started).toMatchObject({ status: 'running', filter: { mcaStatus: ['not-requested'] } });

      const paused = await runCliJson(['campaign', 'pause', '--partner', partner.id, '--campaign', started.id], env);
      expect(paused.status).toBe('paused');
      expect((await apiCampaign(started.id)).status).toBe('paused');
      const resumed = await runCli(['campaign', 'resume', '--partner', partner.id, '--campaign', started.id], env);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/^campaign resumed: .* \([a-f0-9]{24}\)\n {2}email, running;/);
      expect((await apiCampaign(started.id)).status).toBe('running');
      const cancelled = await runCliJson(['campaign', 'cancel', '--partner', partner.id, '--campaign', started.id], env);
      expect(cancelled).toMatchObject({ status: 'cancelled', endedAt: expect.any(String) });
      expect((await apiCampaign(started.id)).status).toBe('cancelled');

      const again = await runCli(['campaign', 'pause', '--partner', partner.id, '--campaign', started.id], env);
      expect(again).toEqual({ code: 1, stdout: '', stderr: 'mca: a cancelled campaign cannot be paused\n' });
      const watched = await runCli(['campaign', 'watch', '--partner', partner.id, '--campaign', started.id, '--json'], env);
      expect(watched.code).toBe(1);
      expect(watched.stderr).toBe(`mca: campaign ${started.id} was cancelled\n`);
      expect(JSON.parse(watched.stdout.trim())).toMatchObject({ id: started.id, status: 'cancelled' });

      const listed = await runCliJson(['campaign', 'list', '--partner', partner.id], env);
      expect(listed.items.map((c: { id: string; status: string }) => c.status)).toEqual(['completed', 'cancelled']);
      expect(listed.items[1]).toEqual(await apiCampaign(started.id));
      const table = await runCli(['campaign', 'list', '--partner', partner.id], env);
      expect(table.stdout).toMatch(/^ID +NAME +CHANNEL +STATUS +TOTAL +WAITING +ACCEPTED +CREATED\n[a-f0-9]{24} +Deadline week +email +completed +3 +0 +3 /);
    },
    SLOW,
  );

  test(
    'Ctrl-C stops the watching, not the campaign: the line is finished, exit 130, the campaign still runs',
    async () => {
      await importCustomers('third.csv', ['f@ctrl-c.example']);
      const started = await runCliJson(['campaign', 'start', '--partner', partner.id, '--channel', 'email', '--status', 'not-requested'], env);
      const child = execFile(MCA, ['campaign', 'watch', '--partner', partner.id, '--campaign', started.id], {
        cwd: path.resolve(__dirname, '../..'),
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitFor(async () => stdout.includes('/1') || undefined, 'the first progress line');
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toBe(`mca: stopped watching campaign ${started.id}; it goes on (running)\n`);
      expect(stdout).toMatch(/\] +\d+% \d\/1 done, running: .*\n$/);
      expect((await apiCampaign(started.id)).status).toBe('running');
    },
    SLOW,
  );

  test(
    'unknown partner, unknown or foreign campaign and bad options: exit 1 with one line',
    async () => {
      const stranger = await createPartner(svc.baseUrl, { name: 'Stranger' });
      const mine = (await runCliJson(['campaign', 'list', '--partner', partner.id], env)).items[0].id as string;
      const unknown = new Types.ObjectId().toString();
      for (const [args, line] of [
        [['campaign', 'start', '--partner', unknown, '--channel', 'email'], `mca: partner ${unknown} not found`],
        [['campaign', 'show', '--partner', partner.id, '--campaign', unknown], 'mca: campaign not found'],
        [['campaign', 'watch', '--partner', stranger.id, '--campaign', mine], 'mca: campaign not found'],
        [['campaign', 'cancel', '--partner', stranger.id, '--campaign', mine], 'mca: campaign not found'],
        [['campaign', 'start', '--partner', partner.id, '--channel', 'fax'], 'mca: --channel must be one of email, docusign, microsoft, not "fax"'],
      ] as [string[], string][]) {
        const run = await runCli(args, env);
        expect({ args, code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ args, code: 1, stderr: `${line}\n`, stdout: '' });
      }
      expect((await apiCampaign(mine)).status).toBe('completed');
    },
    SLOW,
  );
});
