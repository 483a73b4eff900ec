import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openRecord } from '@mca/core';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { launchChromium } from '../harness/browser';
import { buildReply, postEmail } from '../harness/reply-builder';
import { ADMIN_TOKEN, INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The partner console in a real Chromium against the real service, workers, SMTP and store. */
describe('partner console in a browser', () => {
  let svc: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let partner: { apiKey: string; name: string };
  let other: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService();
    browser = await launchChromium();
    // With a channel to be told on: the chain's partner.notified is a delivery.
    partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', notifyEmail: 'ops@nordlys.example' });
    other = await createPartner(svc.baseUrl, { name: 'Other Reseller' });
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => context?.close());
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  async function signIn(apiKey = partner.apiKey) {
    await page.goto(svc.baseUrl);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/customers$/);
  }

  const openCustomer = async (name: string) => {
    await page.goto(`${svc.baseUrl}/customers`);
    await page.getByRole('table').getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  /** Reloads the customer's page until its ordering status reads `want`. */
  const untilOrdering = (want: string) =>
    waitFor(async () => {
      await page.reload();
      return (await page.locator('.page-head .badges').innerText()).includes(want) ? true : undefined;
    }, `ordering ${want}`);

  test('sign-in: a wrong key is refused; the session cookie is HttpOnly, SameSite=Strict and holds no key', async () => {
    await page.goto(svc.baseUrl);
    await page.getByLabel('API key').fill('mca_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    await signIn();
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'mca_console');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).not.toContain(partner.apiKey);
    expect(await page.evaluate('document.cookie')).toBe('');
    const res = await page.request.get(`${svc.baseUrl}/customers`);
    expect(res.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers()['content-security-policy']).not.toMatch(/unsafe-inline/);
  });

  test('a form post without the CSRF token is refused and changes nothing', async () => {
    const c = await createCustomer(svc.baseUrl, partner.apiKey, { name: 'Csrf Target AS' });
    await signIn();
    const res = await page.request.post(`${svc.baseUrl}/customers/${c.id}/consent-requests`, {
      form: { firstName: 'A', lastName: 'B', email: 'a@b.example', channel: 'email' },
    });
    expect(res.status()).toBe(403);
    expect(await svc.ctx.models.consentRequests.countDocuments({ customerId: c.id })).toBe(0);
    const signOut = await page.request.post(`${svc.baseUrl}/sign-out`, { form: { _csrf: 'forged' } });
    expect(signOut.status()).toBe(403);
  });

  test('list -> customer -> Confirm MCA Acceptance by email -> reply -> accepted and unlocked, with its timeline and evidence', async () => {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { name: 'Fjordkraft Regnskap AS' });
    await signIn();
    const row = page.getByRole('row').filter({ hasText: 'Fjordkraft Regnskap AS' });
    expect(await row.innerText()).toMatch(/Not requested[\s\S]*Locked/);
    await openCustomer('Fjordkraft Regnskap AS');

    await page.getByRole('button', { name: 'Confirm MCA Acceptance' }).click();
    await page.getByLabel('First name').fill('Kari');
    await page.getByLabel('Last name').fill('Nordmann');
    await page.getByLabel('Email').fill('kari@fjordkraft.example');
    await page.getByLabel('Phone').fill('+47 22 00 00 00');
    await page.getByLabel('Channel').selectOption({ label: 'Email' });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Consent request sent' }).waitFor();

    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('kari@fjordkraft.example'));
    await waitFor(
      async () => ((await svc.ctx.models.consentRequests.findOne({ customerId: customer.id }).lean())?.status === 'sent' ? true : undefined),
      'sent',
    );
    const reply = await buildReply({ original: mail, from: 'Kari Nordmann <kari@fjordkraft.example>', body: 'Jeg godtar.' });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);

    await untilOrdering('Unlocked');
    expect(await page.locator('.page-head .badges').innerText()).toContain('Accepted');
    expect(await page.getByText('Kari Nordmann <kari@fjordkraft.example>').count()).toBe(1);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await waitFor(async () => {
      await page.reload();
      return (await timeline.innerText()).includes('Partner told: customer.unlocked') ? true : undefined;
    }, 'unlock event in the timeline');
    // One item per event of the customer's audit chain, oldest first.
    const items = await timeline.getByRole('listitem').allInnerTexts();
    const chain = await svc.ctx.models.auditEvents
      .find({ customerId: (await svc.ctx.models.customers.findOne({ name: 'Fjordkraft Regnskap AS' }).lean())!._id })
      .sort({ seq: 1 })
      .lean();
    expect(items).toHaveLength(chain.length);
    const order = [
      'Customer created',
      'Email request created',
      'Consent email sent (send 1)',
      'Reply received (authenticated)',
      'Consent recorded (Email reply)',
      'Ordering unlocked',
      'Partner told: customer.unlocked',
    ];
    const at = order.map((title) => items.findIndex((i) => i.includes(title)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The request's move races the unlock worker: present, after the consent it follows.
    expect(items.findIndex((i) => i.includes('Reply read as: Accepted'))).toBeGreaterThan(at[4]!);
    expect(items.join('\n')).not.toContain('kari@fjordkraft.example');

    const pack = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download evidence pack' }).click();
    expect(
      readFileSync(await (await pack).path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect(await svc.ctx.models.auditEvents.countDocuments({ customerId: chain[0]!.customerId, type: 'evidence.read', 'data.what': 'evidence-pack' })).toBe(1);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'The reply email (.eml)' }).click();
    expect(readFileSync(await (await download).path()).toString()).toContain('Jeg godtar');

    await page.goto(`${svc.baseUrl}/customers`);
    expect(await page.getByRole('row').filter({ hasText: 'Fjordkraft Regnskap AS' }).innerText()).toMatch(/Accepted[\s\S]*Unlocked/);
  });

  test('a signed copy uploaded on the customer page records the consent', async () => {
    await createCustomer(svc.baseUrl, partner.apiKey, { name: 'Papirfabrikken AS' });
    await signIn();
    await openCustomer('Papirfabrikken AS');
    await page.getByText('Upload a signed copy').click();
    await page.getByLabel('First name').fill('Ola');
    await page.getByLabel('Last name').fill('Hansen');
    await page.getByLabel('Email').fill('ola@papir.example');
    await page.getByLabel('Date signed').fill('2024-03-01');
    await page.getByLabel('Signed copy').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Upload and record consent' }).click();
    await page.getByRole('status').filter({ hasText: 'consent recorded' }).waitFor();
    expect(await page.locator('.page-head .badges').innerText()).toContain('Accepted');
    expect(await page.getByRole('link', { name: 'The signed copy' }).count()).toBe(1);
  });

  test('a needs-review reply is shown and accepted as consent with a note', async () => {
    const c = await createCustomer(svc.baseUrl, partner.apiKey, { name: 'Uklar Svar AS' });
    await call(svc.baseUrl, 'POST', `/v1/customers/${c.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Per', lastName: 'Berg', email: 'per@uklar.example' } },
    });
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('per@uklar.example'));
    await postEmail(svc.baseUrl, await buildReply({ original: mail, from: 'per@uklar.example', body: 'Sounds fine, go ahead', dmarc: 'fail' }), INBOUND_SECRET);
    await waitFor(
      async () =>
        (await svc.ctx.models.inboundEmails.exists({
          outcome: 'needs-review',
          requestId: (await svc.ctx.models.customers.findById(c.id).lean())?.mca.requestId,
        }))
          ? true
          : undefined,
      'reply in review',
    );

    await signIn();
    await openCustomer('Uklar Svar AS');
    expect(await page.locator('blockquote.reply').innerText()).toContain('Sounds fine, go ahead');
    await page.getByLabel('Note').fill('Per confirmed on the phone');
    await page.getByRole('button', { name: 'Accept as consent' }).click();
    await page.getByRole('status').filter({ hasText: 'accepted as consent' }).waitFor();
    await untilOrdering('Unlocked');
    const record = await openRecord(svc.ctx.vault, (await svc.ctx.models.consentRecords.findOne({ customerId: c.id }).lean())!);
    expect(record.evidence).toMatchObject({ kind: 'email', classification: 'accepted on review by the partner: Per confirmed on the phone' });
    expect(await page.getByRole('list', { name: 'Timeline' }).innerText()).toContain('Review: accepted as consent');
  });

  test("another partner's customer page answers 404; sign out ends the session", async () => {
    const theirs = await createCustomer(svc.baseUrl, other.apiKey, { name: 'Not Yours AS' });
    await signIn();
    const res = await page.goto(`${svc.baseUrl}/customers/${theirs.id}`);
    expect(res?.status()).toBe(404);
    expect(await page.getByText('Not Yours AS').count()).toBe(0);
    expect((await page.request.get(`${svc.baseUrl}/customers/${theirs.id}/evidence-pack`)).status()).toBe(404);
    // Without a session the pack is a way to the sign-in page, as every console page.
    const anonymous = await fetch(`${svc.baseUrl}/customers/${theirs.id}/evidence-pack`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/');

    await page.goto(`${svc.baseUrl}/customers`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    await page.goto(`${svc.baseUrl}/customers`);
    expect(page.url()).toBe(`${svc.baseUrl}/`);
  });

  test('the queue dashboard needs the admin token: bearer, or the operator sign-in', async () => {
    const anonymous = await fetch(`${svc.baseUrl}/admin/queues/api/queues`);
    expect(anonymous.status).toBe(401);
    const bearer = await fetch(`${svc.baseUrl}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(JSON.stringify(await bearer.json())).toContain('dispatch-email');
    // A partner's session is not an operator's.
    await signIn();
    await page.goto(`${svc.baseUrl}/admin/queues`);
    expect(page.url()).toBe(`${svc.baseUrl}/admin/sign-in`);
    await page.getByLabel('Admin token').fill('wrong-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not the admin token' }).waitFor();
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/queues/);
    await page.getByText('dispatch-email').first().waitFor();
  });

  test('import: the dry run lists the bad lines and writes nothing, the import creates the good rows', async () => {
    const tenant = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const csv = `tenantId,name,country,language\n${tenant},Importert AS,NO,nb-NO\nnot-a-guid,Broken AS,NO,nb-NO\n`;
    const file = { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
    await signIn();
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('status').filter({ hasText: '1 would be created' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'tenantId' }).first().innerText()).toMatch(/^3\b/);
    expect(await svc.ctx.models.customers.countDocuments({ tenantId: tenant })).toBe(0);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported: 1 created' }).waitFor();
    expect(await svc.ctx.models.customers.countDocuments({ tenantId: tenant })).toBe(1);
  });

  test('a revoked key ends its console session', async () => {
    const created = await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: partner.apiKey, json: { name: 'console user' } });
    await signIn(created.body.apiKey);
    expect((await call(svc.baseUrl, 'DELETE', `/v1/api-keys/${created.body.id}`, { token: partner.apiKey })).status).toBe(204);
    await waitFor(async () => {
      await page.goto(`${svc.baseUrl}/customers`);
      return page.url().endsWith('/?m=sessionEnded') ? true : undefined;
    }, 'session ended');
    await page.getByText('Your session ended').waitFor();
  });
});
