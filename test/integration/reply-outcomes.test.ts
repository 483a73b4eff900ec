import MailComposer from 'nodemailer/lib/mail-composer';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';
import type { ReceivedMail } from '../harness/smtp-sink';

/**
 * What each kind of reply does to a request. Anything that is not a clear, authentic
 * consent from the representative must never unlock; nothing is dropped silently.
 */
describe('reply outcomes', () => {
  let svc: TestService;
  let partner: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService();
    partner = await createPartner(svc.baseUrl, { name: 'Outcomes', notifyEmail: 'review@partner.example' });
  });
  afterAll(async () => svc?.stop());

  async function sentRequest(language: string, email: string) {
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'SE', language });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Eva', lastName: 'Lind', email } },
    });
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    await waitFor(async () => ((await svc.ctx.models.consentRequests.findById(res.body.id).lean())?.status === 'sent' ? true : undefined), 'sent');
    return { customer, requestId: res.body.id as string, mail, path: `/v1/customers/${customer.id}/consent-requests/${res.body.id}` };
  }

  async function settle(inboundId: string) {
    return waitFor(async () => {
      const m = await svc.ctx.models.inboundEmails.findById(inboundId).lean();
      return m?.status === 'processed' ? m : undefined;
    }, 'inbound processed');
  }

  async function post(raw: Buffer) {
    const res = await postEmail(svc.baseUrl, raw, INBOUND_SECRET);
    expect(res.status).toBe(202);
    return settle(res.body!.id);
  }

  const statusOf = async (path: string) => (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body;

  test.each([
    ['sv-SE', 'Jag godkänner inte detta.', 'declined'],
    ['en', 'No. I do not accept.', 'declined'],
    ['sv-SE', 'Jag godkänner om ni sänker priset', 'needs-review'],
    ['en', 'What is this about?', 'needs-review'],
  ])('%s reply "%s" -> %s', async (language, body, expected) => {
    const email = `eva.${Math.random().toString(36).slice(2)}@kund.example`;
    const { path, mail, customer } = await sentRequest(language, email);
    const inbound = await post(await buildReply({ original: mail, from: email, body }));
    expect(inbound.outcome).toBe(expected);
    const req = await statusOf(path);
    expect(req.status).toBe(expected);
    const c = (await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: partner.apiKey })).body;
    expect(c.mca.status).toBe(expected);
    expect(c.ordering.status).toBe('locked');
    await svc.smtp.waitFor((m) => m.envelope.to.includes('review@partner.example') && m.parsed.text!.includes(customer.tenantId));
  });

  test('an accept from someone else, or without authentication, goes to review', async () => {
    const email = 'eva.wrong@kund.example';
    const { path, mail } = await sentRequest('sv', email);
    let inbound = await post(await buildReply({ original: mail, from: 'boss@kund.example', body: 'Jag godkänner' }));
    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toMatch(/not the representative/);

    inbound = await post(await buildReply({ original: mail, from: email, body: 'Jag godkänner', dmarc: 'fail' }));
    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toMatch(/not authenticated/);

    inbound = await post(await buildReply({ original: mail, from: email, body: 'Jag godkänner', dmarc: null }));
    expect(inbound.outcome).toBe('needs-review');
    const req = await statusOf(path);
    expect(req.status).toBe('needs-review');
    expect(req.history.at(-1).detail).toMatch(/not authenticated/);

    // A later, proper reply still counts: review is not a dead end.
    inbound = await post(await buildReply({ original: mail, from: email.toUpperCase(), body: 'Jag godkänner' }));
    expect(inbound.outcome).toBe('accepted');
    expect((await statusOf(path)).status).toBe('accepted');
  });

  test('a reply found by In-Reply-To only (sent to our From address) is correlated', async () => {
    const email = 'eva.thread@kund.example';
    const { path, mail } = await sentRequest('sv', email);
    const inbound = await post(await buildReply({ original: mail, from: email, body: 'Jag godkänner', correlate: 'thread' }));
    expect(inbound.outcome).toBe('accepted');
    expect((await statusOf(path)).status).toBe('accepted');
  });

  test('an auto-reply changes nothing; an unknown reply is kept as uncorrelated', async () => {
    const email = 'eva.away@kund.example';
    const { path, mail } = await sentRequest('sv', email);
    const ooo = await post(
      await buildReply({
        original: mail,
        from: email,
        subject: 'Automatiskt svar: MCA',
        body: 'Jag är på semester till 1 augusti. Jag godkänner inga beställningar under tiden.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    expect(ooo.outcome).toBe('auto-reply');
    expect((await statusOf(path)).status).toBe('sent');

    const stray = await new MailComposer({
      from: 'someone@else.example',
      to: 'mca@test.mca',
      subject: 'hello',
      text: 'I accept',
      messageId: '<stray-1@else.example>',
    })
      .compile()
      .build();
    const kept = await post(stray);
    expect(kept.outcome).toBe('uncorrelated');
  });

  test('a delivery status notification marks the request bounced; resend sends again', async () => {
    const email = 'nobody@kund.example';
    const { path, mail } = await sentRequest('sv', email);
    const dsn = deliveryFailure(mail, email);
    const inbound = await post(dsn);
    expect(inbound.outcome).toBe('bounced');
    const req = await statusOf(path);
    expect(req.status).toBe('bounced');

    const resent = await call(svc.baseUrl, 'POST', `${path}/resend`, { token: partner.apiKey });
    expect(resent.status).toBe(202);
    await waitFor(async () => (svc.smtp.received.filter((m) => m.envelope.to.includes(email)).length === 2 ? true : undefined), 'second send');
    const again = await waitFor(async () => {
      const r = await statusOf(path);
      return r.status === 'sent' ? r : undefined;
    }, 'sent again');
    expect(again.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'bounced', 'queued', 'sent']);
    const stored = await svc.ctx.models.consentRequests.findById(again.id).lean();
    expect(stored?.messageIds).toHaveLength(2);
  });

  // An SMTP relay that rewrites the envelope sender gets the bounce; the operator forwards it.
  test('a bounce that missed the VERP address is correlated by the returned Message-ID', async () => {
    const email = 'gone@kund.example';
    const { path, mail } = await sentRequest('sv', email);
    const inbound = await post(deliveryFailure(mail, email, 'failed', 'relay-account@mca.example'));
    expect(inbound.outcome).toBe('bounced');
    expect((await statusOf(path)).status).toBe('bounced');
  });

  test('a delay notice (Action: delayed) changes nothing; the accept that follows still counts', async () => {
    const email = 'slow.mx@kund.example';
    const { path, mail, customer } = await sentRequest('sv', email);
    const notice = await post(deliveryFailure(mail, email, 'delayed'));
    expect(notice.outcome).toBe('auto-reply');
    expect((await statusOf(path)).status).toBe('sent');

    const inbound = await post(await buildReply({ original: mail, from: email, body: 'Jag godkänner' }));
    expect(inbound.outcome).toBe('accepted');
    const c = await waitFor(async () => {
      const r = (await call(svc.baseUrl, 'GET', `/v1/customers/${customer.id}`, { token: partner.apiKey })).body;
      return r.ordering.status === 'unlocked' ? r : undefined;
    }, 'unlocked');
    expect(c.mca.status).toBe('accepted');
  });
});

/** An RFC 3464 delivery status notification, sent to our VERP bounce address. */
function deliveryFailure(original: ReceivedMail, recipient: string, action: 'failed' | 'delayed' = 'failed', to = original.envelope.from): Buffer {
  const boundary = `dsn-boundary-${action}`;
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.kund.example>',
      `To: ${to}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${action}-${recipient}>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      `Your message to ${recipient} could not be delivered: mailbox unknown.`,
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.kund.example',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      `Action: ${action}`,
      action === 'failed' ? 'Status: 5.1.1' : 'Status: 4.2.2',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${original.parsed.messageId}`,
      `Subject: ${original.parsed.subject}`,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}
