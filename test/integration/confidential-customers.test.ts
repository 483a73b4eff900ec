import { Webhook } from 'standardwebhooks';
import { call, createPartner, TENANT } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import type { ReceivedMail } from '../harness/smtp-sink';
import { waitFor } from '../harness/wait-for';
import { startWebhookSink, type WebhookSink } from '../harness/webhook-sink';

interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * A confidential customer (StGB section 203: a doctor's practice) goes through an email consent
 * to unlock, and another declines: what the partner's webhook receiver and notify mailbox get
 * carries ids and the tenant id, never the practice's name nor its representative's name or
 * address. An ordinary customer of the same partner is still named as before.
 */
describe('confidential customers', () => {
  let svc: TestService;
  let hooks: WebhookSink;
  let partner: Awaited<ReturnType<typeof createPartner>>;

  beforeAll(async () => {
    svc = await startTestService();
    hooks = await startWebhookSink();
    partner = await createPartner(svc.baseUrl, { name: 'Praxis-IT GmbH', notifyEmail: 'ops@praxis-it.example', webhookUrl: hooks.url });
  });
  afterAll(async () => {
    await svc?.stop();
    await hooks?.close();
  });

  const createCustomer = async (name: string, confidential?: boolean) => {
    const res = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: partner.apiKey,
      json: { tenantId: TENANT(), name, country: 'DE', language: 'en', ...(confidential === undefined ? {} : { confidential }) },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; tenantId: string; confidential: boolean };
  };

  /** Asks `rep` by email and answers with `answer`; returns once the request reached `until`. */
  const askAndAnswer = async (customerId: string, rep: Person, answer: string, until: string) => {
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customerId}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: rep },
    });
    expect(created.status).toBe(202);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(rep.email));
    const reply = await buildReply({ original: mail, from: `${rep.firstName} ${rep.lastName} <${rep.email}>`, body: answer });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);
    await waitFor(async () => {
      const r = await call(svc.baseUrl, 'GET', `/v1/customers/${customerId}/consent-requests/${created.body.id}`, { token: partner.apiKey });
      return r.body.status === until ? true : undefined;
    }, `request ${until}`);
  };

  const webhookOf = async (type: string, customerId: string) => {
    const hook = await waitFor(async () => {
      return hooks.received
        .map((h) => ({
          raw: h.body,
          event: new Webhook(partner.webhookSecret!).verify(h.body, h.headers as Record<string, string>) as { type: string; data: Record<string, unknown> },
        }))
        .find((h) => h.event.type === type && h.event.data.customerId === customerId);
    }, `${type} webhook`);
    return hook;
  };

  const noticeAbout = (tenantId: string, subject: RegExp) =>
    svc.smtp.waitFor(
      (m) => m.envelope.to.includes('ops@praxis-it.example') && subject.test(m.parsed.subject ?? '') && (m.parsed.text ?? '').includes(tenantId),
    );

  const textOf = (m: ReceivedMail) => [m.parsed.subject, m.parsed.text, m.parsed.html].join('\n');

  /** Every way a person's name or address could show: whole, in parts, lowercased. */
  const traces = (customerName: string, rep: Person) => [customerName, rep.firstName, rep.lastName, rep.email, rep.email.split('@')[0]!];

  test('unlock and decline: webhooks and notification emails carry ids and tenant only; an ordinary customer is still named', async () => {
    const practiceName = 'Hausarztpraxis Sommerfeld';
    const practiceRep = { firstName: 'Henrike', lastName: 'Sommerfeld', email: 'henrike.sommerfeld@sommerfeld-praxis.example' };
    const practice = await createCustomer(practiceName, true);
    expect(practice.confidential).toBe(true);
    const shown = await call(svc.baseUrl, 'GET', `/v1/customers/${practice.id}`, { token: partner.apiKey });
    expect(shown.body).toMatchObject({ confidential: true, name: practiceName });

    const lawName = 'Kanzlei Brandtner';
    const lawRep = { firstName: 'Jorinde', lastName: 'Brandtner', email: 'jorinde@kanzlei-brandtner.example' };
    const law = await createCustomer(lawName, true);

    const shopName = 'Fahrradladen Ostwind';
    const shopRep = { firstName: 'Wiebke', lastName: 'Ostwind', email: 'wiebke@ostwind-rad.example' };
    const shop = await createCustomer(shopName);
    expect(shop.confidential).toBe(false);

    await askAndAnswer(practice.id, practiceRep, 'I accept.', 'accepted');
    await askAndAnswer(law.id, lawRep, 'No. I do not accept.', 'declined');
    await askAndAnswer(shop.id, shopRep, 'I accept.', 'accepted');

    const unlocked = await webhookOf('customer.unlocked', practice.id);
    expect(unlocked.event.data).toMatchObject({ customerId: practice.id, tenantId: practice.tenantId, method: 'email' });
    expect(unlocked.event.data).not.toHaveProperty('customerName');
    const declined = await webhookOf('consent.declined', law.id);
    expect(declined.event.data).toMatchObject({ customerId: law.id, tenantId: law.tenantId });
    // The reason says what happened, naming nobody.
    expect(declined.event.data.reason).toMatch(/^declined by email reply from the representative: /);
    for (const t of traces(practiceName, practiceRep)) expect(unlocked.raw.toLowerCase()).not.toContain(t.toLowerCase());
    for (const t of traces(lawName, lawRep)) expect(declined.raw.toLowerCase()).not.toContain(t.toLowerCase());

    const unlockNotice = await noticeAbout(practice.tenantId, /unlocked/i);
    expect(unlockNotice.parsed.subject).toBe(`MCA accepted: ordering unlocked for the customer with tenant ${practice.tenantId}`);
    const declineNotice = await noticeAbout(law.tenantId, /declined/i);
    for (const t of traces(practiceName, practiceRep)) expect(textOf(unlockNotice).toLowerCase()).not.toContain(t.toLowerCase());
    for (const t of traces(lawName, lawRep)) expect(textOf(declineNotice).toLowerCase()).not.toContain(t.toLowerCase());
    // The events feed is the same data as the webhooks.
    const feed = await call(svc.baseUrl, 'GET', '/v1/events?limit=100', { token: partner.apiKey });
    const feedText = JSON.stringify(feed.body.items.filter((e: { data: { customerId?: string } }) => e.data.customerId !== shop.id)).toLowerCase();
    for (const t of [...traces(practiceName, practiceRep), ...traces(lawName, lawRep)]) expect(feedText).not.toContain(t.toLowerCase());

    // The ordinary customer: named in both, as before.
    const shopHook = await webhookOf('customer.unlocked', shop.id);
    expect(shopHook.event.data).toMatchObject({ customerId: shop.id, tenantId: shop.tenantId, customerName: shopName });
    const shopNotice = await noticeAbout(shop.tenantId, /unlocked/i);
    expect(shopNotice.parsed.subject).toBe(`MCA accepted: ordering unlocked for ${shopName}`);
    expect(shopNotice.parsed.text).toContain(shopName);

    // The partner's own view still names the confidential customer and who consented.
    const practiceNow = await call(svc.baseUrl, 'GET', `/v1/customers/${practice.id}`, { token: partner.apiKey });
    expect(practiceNow.body).toMatchObject({ name: practiceName, mca: { status: 'accepted', representative: { lastName: 'Sommerfeld' } } });
  });

  test('confidential is a boolean: anything else is a 400 problem naming the field', async () => {
    const res = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: partner.apiKey,
      json: { tenantId: TENANT(), name: 'Zahnarztpraxis Lindqvist', country: 'DE', language: 'de', confidential: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'confidential' })]));
  });

  test('the import reads a confidential column (true/false/1/0/yes/no); another value is an invalid line', async () => {
    const [a, b, c, d] = [TENANT(), TENANT(), TENANT(), TENANT()];
    const csv = [
      'tenantId,name,country,language,Confidential',
      `${a},Praxis A,DE,de,yes`,
      `${b},Laden B,DE,de,0`,
      `${c},Laden C,DE,de,`,
      `${d},Praxis D,DE,de,vielleicht`,
    ].join('\n');
    const res = await call(svc.baseUrl, 'POST', '/v1/customers/import', { token: partner.apiKey, body: csv, contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 3, invalid: [{ line: 5, message: expect.stringMatching(/^confidential: must be one of/) }] });
    const stored = await svc.ctx.models.customers.find({ tenantId: { $in: [a, b, c] } }, { tenantId: 1, confidential: 1 }).lean();
    const flag = (t: string) => stored.find((s) => s.tenantId === t)?.confidential === true;
    expect([flag(a), flag(b), flag(c)]).toEqual([true, false, false]);
  });
});
