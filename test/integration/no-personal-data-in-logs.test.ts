import { Writable } from 'node:stream';
import { createLogger } from '@mca/platform';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import type { ReceivedMail } from '../harness/smtp-sink';
import { waitFor } from '../harness/wait-for';

const REPRESENTATIVE = { firstName: 'Ingrid', lastName: 'Solbakken', email: 'Ingrid.Solbakken@Fjellkraft.example', phone: '+47 912 34 567' };

/**
 * The representative's email, name and phone reach the database, the partner and the
 * representative's own mailbox, never the log: logs are shipped to places (aggregators,
 * support tickets) that the consent record's access rules do not cover.
 */
describe('no personal data in logs', () => {
  const lines: string[] = [];
  const captured = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let svc: TestService;
  let apiKey: string;

  beforeAll(async () => {
    svc = await startTestService({ logger: createLogger('debug', {}, captured) });
    apiKey = (await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', notifyEmail: 'ops@nordlys.example' })).apiKey;
  });
  afterAll(async () => svc?.stop());

  async function requestFor(email: string) {
    const customer = await createCustomer(svc.baseUrl, apiKey, { country: 'NO', language: 'nb-NO' });
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: apiKey,
      json: { channel: 'email', representative: { ...REPRESENTATIVE, email } },
    });
    expect(res.status).toBe(202);
    return { customer, path: `/v1/customers/${customer.id}/consent-requests/${res.body.id}` };
  }
  const statusOf = async (path: string) => (await call(svc.baseUrl, 'GET', path, { token: apiKey })).body.status as string;
  const reached = (path: string, status: string) => waitFor(async () => ((await statusOf(path)) === status ? true : undefined), `request ${status}`);

  async function sentRequest(email: string) {
    const request = await requestFor(email);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email.toLowerCase()));
    await reached(request.path, 'sent');
    return { ...request, mail };
  }

  test('request, accept, decline, bounce and SMTP failure leave no email, name or phone in the debug log', async () => {
    // Every scenario uses the same person: one address per scenario keeps the requests apart.
    const address = (tag: string) => REPRESENTATIVE.email.replace('@', `+${tag}@`);

    const accepted = await sentRequest(address('accept'));
    expect(
      (
        await postEmail(
          svc.baseUrl,
          await buildReply({
            original: accepted.mail,
            from: `${REPRESENTATIVE.firstName} ${REPRESENTATIVE.lastName} <${address('accept')}>`,
            body: 'Hei,\n\nJeg godtar.\n\nMvh Ingrid Solbakken\n+47 912 34 567',
          }),
          INBOUND_SECRET,
        )
      ).status,
    ).toBe(202);
    await reached(accepted.path, 'accepted');
    await waitFor(
      async () =>
        (await call(svc.baseUrl, 'GET', `/v1/customers/${accepted.customer.id}`, { token: apiKey })).body.ordering.status === 'unlocked' ? true : undefined,
      'unlocked',
    );

    const declined = await sentRequest(address('decline'));
    await postEmail(
      svc.baseUrl,
      await buildReply({ original: declined.mail, from: address('decline'), body: 'Jeg godtar ikke.\n\nIngrid Solbakken' }),
      INBOUND_SECRET,
    );
    await reached(declined.path, 'declined');

    const review = await sentRequest(address('review'));
    await postEmail(
      svc.baseUrl,
      await buildReply({ original: review.mail, from: 'Ingrid Solbakken <ingrid.private@mail.example>', body: 'Jeg godtar.' }),
      INBOUND_SECRET,
    );
    await reached(review.path, 'needs-review');

    const bounced = await sentRequest(address('bounce'));
    await postEmail(svc.baseUrl, deliveryFailure(bounced.mail, address('bounce')), INBOUND_SECRET);
    await reached(bounced.path, 'bounced');

    svc.smtp.failNext(100, 'mailbox {rcpt} is over quota');
    const failed = await requestFor(address('smtp'));
    await reached(failed.path, 'failed');
    svc.smtp.failNext(0);
    await waitFor(async () => ((await svc.ctx.models.notifications.countDocuments({ status: 'pending' })) === 0 ? true : undefined), 'notifications delivered');

    // A caller that puts a person in the query string (a search, a mistake) or an address in its request id (not well formed: replaced).
    await call(svc.baseUrl, 'GET', `/v1/customers?email=${encodeURIComponent(REPRESENTATIVE.email)}&name=${REPRESENTATIVE.firstName}`, {
      token: apiKey,
      headers: { 'x-request-id': REPRESENTATIVE.email },
    });

    // The log is there and speaks about these events (else the check below proves nothing).
    expect(lines.filter((l) => l.includes('inbound email processed')).length).toBeGreaterThanOrEqual(4);
    // The access log has a line for every request above, the ones whose bodies name the person included.
    const access = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(access.filter((l) => l.req.method === 'POST' && l.req.path.endsWith('/consent-requests')).length).toBe(5);
    // The four inbound emails (their bodies are whole messages from the person).
    expect(access.filter((l) => l.req.method === 'POST' && l.res.statusCode === 202 && !l.req.path.startsWith('/v1/customers')).length).toBe(4);
    expect(access.some((l) => l.req.path === '/v1/customers' && l.req.method === 'GET')).toBe(true);
    expect(lines.some((l) => l.includes('job failed'))).toBe(true);

    const needles = [
      REPRESENTATIVE.email.split('@')[0]!,
      'ingrid.private',
      REPRESENTATIVE.firstName,
      REPRESENTATIVE.lastName,
      REPRESENTATIVE.phone,
      REPRESENTATIVE.phone.replace(/\D/g, ''),
      '912 34 567',
    ];
    for (const needle of needles) {
      expect({ needle, lines: lines.filter((l) => l.toLowerCase().includes(needle.toLowerCase())) }).toEqual({ needle, lines: [] });
    }
  });
});

/** An RFC 3464 delivery status notification for `recipient`, sent to our VERP bounce address. */
function deliveryFailure(original: ReceivedMail, recipient: string): Buffer {
  const boundary = 'dsn-boundary';
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.fjellkraft.example>',
      `To: ${original.envelope.from}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${Date.now()}@mx.fjellkraft.example>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      `Your message to Ingrid Solbakken <${recipient}> could not be delivered: mailbox unknown.`,
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.fjellkraft.example',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: user unknown`,
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${original.parsed.messageId}`,
      `To: Ingrid Solbakken <${recipient}>`,
      `Subject: ${original.parsed.subject}`,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}
