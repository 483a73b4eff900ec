import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call, createPartner, TENANT } from '../harness/api-client';
import { launchChromium } from '../harness/browser';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/**
 * The console's campaigns in a real Chromium against the real service, its workers, the SMTP
 * sink and the inbound webhook. CONSOLE_SCREENSHOTS=<dir> also writes the campaign page's
 * screenshot there (README's docs/console-campaign.png).
 */
describe('partner console: campaigns in a browser', () => {
  let svc: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seq = 0;

  beforeAll(async () => {
    svc = await startTestService();
    browser = await launchChromium();
  });
  afterEach(async () => context?.close());
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  async function open(opts: { javaScriptEnabled?: boolean } = {}) {
    context = await browser.newContext(opts);
    page = await context.newPage();
  }

  async function signIn(apiKey: string) {
    await page.goto(svc.baseUrl);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/customers$/);
  }

  /** A customer of the partner; `email` gives it a default representative at that address. */
  async function customer(apiKey: string, email?: string) {
    seq += 1;
    const res = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: apiKey,
      json: {
        tenantId: TENANT(),
        name: `Kunde ${seq} AS`,
        country: 'NO',
        language: 'nb-NO',
        ...(email ? { representative: { firstName: 'Kari', lastName: `Nordmann${seq}`, email } } : {}),
      },
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, name: `Kunde ${seq} AS` };
  }

  const bar = () => page.getByRole('progressbar', { name: 'Progress' });
  const count = (key: string) => page.locator(`[data-count="${key}"]`).innerText();
  /** Waits, without reloading, for the bar to read `now` of `max`: only the page's script moves it. */
  const barReads = (now: number, max: number) =>
    waitFor(
      async () =>
        (await bar().getAttribute('aria-valuenow')) === String(now) && (await bar().getAttribute('aria-valuemax')) === String(max) ? true : undefined,
      `progress ${now} of ${max}`,
      30_000,
    );
  /** A full-page screenshot (it must render); kept under CONSOLE_SCREENSHOTS when that is set. */
  const screenshot = async (name: string) => {
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.length).toBeGreaterThan(0);
    if (!process.env.CONSOLE_SCREENSHOTS) return;
    mkdirSync(process.env.CONSOLE_SCREENSHOTS, { recursive: true });
    writeFileSync(path.join(process.env.CONSOLE_SCREENSHOTS, name), shot);
  };
  const accept = async (email: string) => {
    const original = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    const reply = await buildReply({ original, from: `Kari Nordmann <${email}>`, body: 'Hei,\n\nJeg godtar.\n\nMvh Kari' });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
  };

  test('start an email campaign from the customers page; the bar follows mails and replies to total; pause, resume, completed', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS' });
    const emails = ['anne@kunde-en.example', 'bjorn@kunde-to.example', 'cecilie@kunde-tre.example'];
    for (const e of emails) await customer(partner.apiKey, e);
    await customer(partner.apiKey); // no representative: skipped, so done from the start

    await open();
    await signIn(partner.apiKey);
    await page.getByRole('link', { name: 'Start a campaign' }).click();
    await page.waitForURL(/\/campaigns#start$/);
    await page.getByText('No campaigns yet').waitFor();
    await page.getByLabel('Name').fill('Deadline week');
    await page.getByLabel('Channel').selectOption({ label: 'Email' });
    await page.getByLabel('Not requested').check();
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.getByRole('status').filter({ hasText: 'Campaign started' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Deadline week' }).waitFor();
    const id = /\/campaigns\/([a-f0-9]{24})/.exec(page.url())![1]!;
    expect(await bar().getAttribute('aria-valuemin')).toBe('0');

    // The mails go out: every customer matched, the one without a representative done (skipped).
    for (const e of emails) await svc.smtp.waitFor((m) => m.envelope.to.includes(e));
    await barReads(1, 4);
    await waitFor(async () => ((await count('sent')) === '3' ? true : undefined), 'sent 3 on the page');
    expect(await count('skipped')).toBe('1');
    expect(await page.locator('.progress-label').innerText()).toContain('1 of 4 done');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('status').filter({ hasText: 'Campaign paused' }).waitFor();
    expect(await page.locator('.page-head .badges').innerText()).toContain('Paused');
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect((await svc.ctx.models.campaigns.findById(id).lean())?.status).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('status').filter({ hasText: 'Campaign resumed' }).waitFor();
    expect(await page.locator('.page-head .badges').innerText()).toContain('Running');
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);

    // Each accepted reply moves the bar one step, live.
    await accept(emails[0]!);
    await barReads(2, 4);
    expect(await page.locator('.progress-label').innerText()).toContain('2 of 4 done');
    await screenshot('console-campaign.png');
    await accept(emails[1]!);
    await barReads(3, 4);
    await accept(emails[2]!);
    // Completed: the script sees the status change and reloads, so the actions go.
    await page.locator('.page-head .badges').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    expect(await bar().getAttribute('aria-valuenow')).toBe('4');
    expect(await bar().getAttribute('aria-valuemax')).toBe('4');
    expect(await count('accepted')).toBe('3');
    expect(await page.getByRole('button', { name: /Pause|Resume|Cancel/ }).count()).toBe(0);
    expect(svc.smtp.received.filter((m) => emails.some((e) => m.envelope.to.includes(e)))).toHaveLength(3);

    await page.getByRole('link', { name: 'All campaigns' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Deadline week' });
    expect(await row.innerText()).toMatch(/Email[\s\S]*Completed/);
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('4');
    await screenshot('console-campaigns.png');
  });

  test("another partner's campaign page and progress answer 404; a start without the CSRF token is refused", async () => {
    const mine = await createPartner(svc.baseUrl, { name: 'Mine AS' });
    const theirs = await createPartner(svc.baseUrl, { name: 'Theirs AS' });
    const started = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: theirs.apiKey, json: { channel: 'email', name: 'Their secret campaign' } });
    expect(started.status).toBe(202);

    await open();
    await signIn(mine.apiKey);
    const res = await page.goto(`${svc.baseUrl}/campaigns/${started.body.id}`);
    expect(res?.status()).toBe(404);
    expect(await page.getByText('Their secret campaign').count()).toBe(0);
    const progress = await page.request.get(`${svc.baseUrl}/campaigns/${started.body.id}/progress`, { headers: { accept: 'application/json' } });
    expect({ status: progress.status(), code: (await progress.json()).code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const pause = await page.request.post(`${svc.baseUrl}/campaigns/${started.body.id}/pause`, { form: {} });
    expect(pause.status()).toBe(404);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    expect(await page.getByText('Their secret campaign').count()).toBe(0);
    const forged = await page.request.post(`${svc.baseUrl}/campaigns`, { form: { channel: 'email', name: 'Forged' } });
    expect(forged.status()).toBe(403);
    expect(await svc.ctx.models.campaigns.countDocuments({ name: 'Forged' })).toBe(0);
  });

  test('without JavaScript: import, start the offered email campaign, a reload shows the counts, the customer links to it, cancel', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Papirløs AS' });
    const csv = `tenantId,name,country,language,firstName,lastName,email\n${TENANT()},Importert Kunde AS,NO,nb-NO,Ola,Hansen,ola@importert.example\n`;
    await open({ javaScriptEnabled: false });
    await signIn(partner.apiKey);
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported: 1 created' }).waitFor();
    await page.getByRole('link', { name: 'Start an email campaign for the imported customers' }).click();
    expect(await page.getByLabel('Channel').inputValue()).toBe('email');
    expect(await page.getByLabel('Not requested').isChecked()).toBe(true);
    expect(await page.getByLabel('Accepted').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.getByRole('status').filter({ hasText: 'Campaign started' }).waitFor();
    const campaignUrl = page.url().replace(/\?.*$/, '');

    await svc.smtp.waitFor((m) => m.envelope.to.includes('ola@importert.example'));
    await waitFor(async () => {
      await page.reload();
      return (await count('sent')) === '1' ? true : undefined;
    }, 'sent 1 after a reload');
    expect(await bar().getAttribute('aria-valuenow')).toBe('0');
    expect(await bar().getAttribute('aria-valuemax')).toBe('1');

    await page.goto(`${svc.baseUrl}/customers`);
    await page.getByRole('table').getByRole('link', { name: 'Importert Kunde AS' }).click();
    await page.getByRole('link', { name: /^email campaign / }).click();
    expect(page.url()).toBe(campaignUrl);

    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    await page.getByRole('status').filter({ hasText: 'Campaign cancelled' }).waitFor();
    expect(await page.locator('.page-head .badges').innerText()).toContain('Cancelled');
    expect(await page.getByRole('button', { name: /Pause|Resume|Cancel/ }).count()).toBe(0);
    // A stale form (resume an ended campaign) is refused with the reason, on the campaign's page.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const stale = await page.request.post(`${campaignUrl}/resume`, { form: { _csrf: csrf } });
    expect(stale.status()).toBe(409);
    expect(await stale.text()).toContain('a cancelled campaign cannot be resumed');
  });
});
