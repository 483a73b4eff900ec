import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { transitionRequest } from '@mca/core';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import type { ReceivedMail } from '../harness/smtp-sink';
import { waitFor } from '../harness/wait-for';

/**
 * Inbound mail an outsider can write: guessed thread ids, forged bounces, repeated headers,
 * replays, SPF-only authentication, review floods. None of it may decide a request.
 */
describe('forged and tampered inbound mail', () => {
  let svc: TestService;
  let partner: { apiKey: string };

  beforeAll(async () => {
    svc = await startTestService();
    partner = await createPartner(svc.baseUrl, { name: 'Forgery', notifyEmail: 'review@forgery.example' });
  });
  afterAll(async () => svc?.stop());

  const statusOf = async (s: TestService, requestId: string) => (await s.ctx.models.consentRequests.findById(requestId).lean())?.status;

  it('a guessed Message-ID of the old format (consent-<request id>-<n>) in In-Reply-To correlates nothing', async () => {
    const { requestId, mail, email } = await sentRequest(svc, partner);
    const guessed = `<consent-${requestId}-1@reply.test.mca>`;
    const forgedAccept = await buildReply({ original: mail, from: email, body: 'Jag godkänner', to: 'mca@test.mca', inReplyTo: guessed });
    expect((await post(svc, forgedAccept)).outcome).toBe('uncorrelated');
    const forgedBounce = mailerDaemon({ to: 'mca@test.mca', inReplyTo: guessed });
    expect((await post(svc, forgedBounce)).outcome).toBe('uncorrelated');
    expect(await statusOf(svc, requestId)).toBe('sent');
    // what we do send is random, 128 bits
    expect(mail.parsed.messageId).toMatch(/^<consent-[0-9a-f]{32}@reply\.test\.mca>$/);
  });

  it('Delivered-To / X-Original-To naming the reply address do not correlate', async () => {
    const { requestId, mail, email, replyAddress } = await sentRequest(svc, partner);
    const raw = await buildReply({
      original: mail,
      from: email,
      body: 'Jag godkänner',
      to: 'someone@reply.test.mca',
      inReplyTo: null,
      headers: { 'Delivered-To': replyAddress, 'X-Original-To': replyAddress },
    });
    expect((await post(svc, raw)).outcome).toBe('uncorrelated');
    expect(await statusOf(svc, requestId)).toBe('sent');
  });

  it('a MAILER-DAEMON message from an outsider does not close the request; the genuine reply after it is accepted', async () => {
    const { requestId, mail, email, replyAddress } = await sentRequest(svc, partner);
    const forged = await post(svc, mailerDaemon({ to: replyAddress }));
    expect(forged.outcome).toBe('needs-review');
    expect(forged.detail).toMatch(/not verified/);
    expect(await statusOf(svc, requestId)).toBe('needs-review');

    // a delivery report returning our message, but naming someone else as the failed recipient
    const elsewhere = await post(svc, deliveryReport({ original: mail, failed: 'colleague@kund.example', to: 'mca@test.mca' }));
    expect(elsewhere.outcome).toBe('needs-review');
    expect(elsewhere.detail).toMatch(/colleague@kund\.example/);
    expect(await statusOf(svc, requestId)).toBe('needs-review');

    expect((await post(svc, await buildReply({ original: mail, from: email, body: 'Jag godkänner' }))).outcome).toBe('accepted');
    expect(await statusOf(svc, requestId)).toBe('accepted');
  });

  it('a genuine delivery report closes the request as bounced (bounce address, or our Message-ID and the representative); a genuine reply after it is accepted', async () => {
    const first = await sentRequest(svc, partner);
    const onBounceAddress = await post(svc, deliveryReport({ original: first.mail, failed: first.email, to: first.mail.envelope.from }));
    expect(onBounceAddress.outcome).toBe('bounced');
    expect(await statusOf(svc, first.requestId)).toBe('bounced');
    const late = await post(svc, await buildReply({ original: first.mail, from: first.email, body: 'Jag godkänner' }));
    expect(late.outcome).toBe('accepted');
    expect(await statusOf(svc, first.requestId)).toBe('accepted');

    const second = await sentRequest(svc, partner);
    const relayed = await post(
      svc,
      deliveryReport({ original: second.mail, failed: second.email, to: 'relay-account@mca.example', originalRecipientOnly: true }),
    );
    expect(relayed.outcome).toBe('bounced');
    expect(await statusOf(svc, second.requestId)).toBe('bounced');
  });

  it('a header that must appear once but appears twice sends the reply to review with the reason', async () => {
    const { requestId, mail, email } = await sentRequest(svc, partner);
    const reply = await buildReply({ original: mail, from: email, body: 'Jag godkänner' });
    const twoIds = withExtraHeader(reply, 'Message-ID: <second-copy@kund.example>');
    const inbound = await post(svc, twoIds);
    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toMatch(/Message-ID appears 2 times/);

    const twoFroms = withExtraHeader(await buildReply({ original: mail, from: email, body: 'Jag godkänner' }), 'From: Boss <boss@kund.example>');
    const again = await post(svc, twoFroms);
    expect(again.outcome).toBe('needs-review');
    expect(again.detail).toMatch(/From appears 2 times/);
    expect(await statusOf(svc, requestId)).toBe('needs-review');
  });

  it('the same raw bytes are stored once, even under another Message-ID key', async () => {
    const raw = await new MailComposer({ from: 'a@else.example', to: 'mca@test.mca', subject: 'x', text: 'hello', messageId: '<replayed@else.example>' })
      .compile()
      .build();
    const sha256 = createHash('sha256').update(raw).digest('hex');
    // As a message kept by an earlier version (or read with another Message-ID) would be.
    const [kept] = await svc.ctx.models.inboundEmails.insertMany([
      { dedupKey: 'mid:another-id@else.example', raw, sha256, size: raw.length, status: 'processed', outcome: 'uncorrelated', receivedAt: new Date() },
    ]);
    const res = await postEmail(svc.baseUrl, raw, INBOUND_SECRET);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: kept!._id.toString(), duplicate: true });
    expect(await svc.ctx.models.inboundEmails.countDocuments({ sha256 })).toBe(1);
  });

  it('review notifications to the partner are throttled per request; every reply is still recorded', async () => {
    const { requestId, mail, email, customerId } = await sentRequest(svc, partner);
    for (const body of ['Vad gäller detta?', 'Vem är ni?', 'Ring mig.']) {
      expect((await post(svc, await buildReply({ original: mail, from: email, body }))).outcome).toBe('needs-review');
    }
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    expect(stored?.history.filter((h) => h.status === 'needs-review')).toHaveLength(3);
    expect(stored?.reviewNotices?.suppressed).toBe(2);
    expect(await svc.ctx.models.notifications.countDocuments({ customerId, event: 'consent.needs_review' })).toBe(1);
  });

  it('a request keeps its last 50 history entries and counts the dropped ones', async () => {
    const { requestId } = await sentRequest(svc, partner);
    for (let i = 0; i < 60; i++) await transitionRequest(svc.ctx, { requestId, to: 'needs-review', detail: `review ${i}` });
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    expect(stored?.history).toHaveLength(50);
    expect(stored?.history.at(-1)?.detail).toBe('review 59');
    expect(stored?.historyDropped).toBe(62 - 50); // queued, sent, 60 reviews
    const api = await call(svc.baseUrl, 'GET', `/v1/customers/${stored!.customerId}/consent-requests/${requestId}`, { token: partner.apiKey });
    expect(api.body.history).toHaveLength(50);
    expect(api.body.historyDropped).toBe(12);
  });

  it('a DMARC pass through aligned SPF only, without aligned DKIM, goes to review under AUTO_ACCEPT_AUTH=dkim (the default)', async () => {
    const { requestId, mail, email } = await sentRequest(svc, partner);
    const inbound = await post(svc, await buildReply({ original: mail, from: email, body: 'Jag godkänner', authResults: spfOnly(email) }));
    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toMatch(/accepts automatically only on DKIM/);
    expect(await statusOf(svc, requestId)).toBe('needs-review');
  });

  it('an Authentication-Results verdict about another From domain proves nothing', async () => {
    const { mail, email } = await sentRequest(svc, partner);
    const otherDomain = 'dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example; dmarc=pass header.from=evil.example';
    const inbound = await post(svc, await buildReply({ original: mail, from: email, body: 'Jag godkänner', authResults: otherDomain }));
    expect(inbound.outcome).toBe('needs-review');
    expect(inbound.detail).toMatch(/not authenticated/);
  });

  describe('configured: AUTO_ACCEPT_AUTH=dmarc, INBOUND_UNCORRELATED_RETENTION=2s', () => {
    let configured: TestService;
    let other: { apiKey: string };
    beforeAll(async () => {
      configured = await startTestService({ env: { AUTO_ACCEPT_AUTH: 'dmarc', INBOUND_UNCORRELATED_RETENTION: '2s', SWEEP_EVERY_MS: '500' } });
      other = await createPartner(configured.baseUrl, { name: 'Configured' });
    });
    afterAll(async () => configured?.stop());

    it('an aligned SPF pass is enough under AUTO_ACCEPT_AUTH=dmarc', async () => {
      const { requestId, mail, email } = await sentRequest(configured, other);
      const inbound = await post(configured, await buildReply({ original: mail, from: email, body: 'Jag godkänner', authResults: spfOnly(email) }));
      expect(inbound.outcome).toBe('accepted');
      expect(await statusOf(configured, requestId)).toBe('accepted');
    });

    it('uncorrelated mail is deleted after the retention time; correlated mail is kept', async () => {
      const { mail, email } = await sentRequest(configured, other);
      const stray = await new MailComposer({
        from: 'x@else.example',
        to: 'mca@test.mca',
        subject: 'hi',
        text: 'hello',
        messageId: '<stray-retention@else.example>',
      })
        .compile()
        .build();
      const uncorrelated = await post(configured, stray);
      expect(uncorrelated.outcome).toBe('uncorrelated');
      expect(uncorrelated.deleteAt).toBeInstanceOf(Date);
      const reply = await post(configured, await buildReply({ original: mail, from: email, body: 'Vad gäller detta?' }));
      expect(reply.deleteAt).toBeUndefined();

      await waitFor(
        async () => ((await configured.ctx.models.inboundEmails.exists({ _id: uncorrelated._id })) ? undefined : true),
        'uncorrelated mail deleted',
        30_000,
      );
      expect(await configured.ctx.models.inboundEmails.exists({ _id: reply._id })).not.toBeNull();
    });
  });
});

async function sentRequest(s: TestService, p: { apiKey: string }) {
  const email = `rep.${Math.random().toString(36).slice(2)}@kund.example`;
  const customer = await createCustomer(s.baseUrl, p.apiKey, { country: 'SE', language: 'sv' });
  const res = await call(s.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
    token: p.apiKey,
    json: { channel: 'email', representative: { firstName: 'Eva', lastName: 'Lind', email } },
  });
  const mail = await s.smtp.waitFor((m) => m.envelope.to.includes(email));
  await waitFor(async () => ((await s.ctx.models.consentRequests.findById(res.body.id).lean())?.status === 'sent' ? true : undefined), 'sent');
  return { requestId: res.body.id as string, customerId: customer.id as string, mail, email, replyAddress: mail.parsed.replyTo![0]!.address! };
}

async function post(s: TestService, raw: Buffer) {
  const res = await postEmail(s.baseUrl, raw, INBOUND_SECRET);
  expect(res.status).toBe(202);
  return waitFor(async () => {
    const m = await s.ctx.models.inboundEmails.findById(res.body!.id).lean();
    return m?.status === 'processed' ? m : undefined;
  }, 'inbound processed');
}

const spfOnly = (email: string) => {
  const domain = email.split('@')[1];
  return `dkim=none; spf=pass smtp.mailfrom=bounces@${domain}; dmarc=pass header.from=${domain}`;
};

/** Prepends a header field to a raw message. */
function withExtraHeader(raw: Buffer, field: string): Buffer {
  return Buffer.concat([Buffer.from(`${field}\r\n`), raw]);
}

/** What anyone can send: a "bounce" by its From address and subject alone. */
function mailerDaemon(o: { to: string; inReplyTo?: string }): Buffer {
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.evil.example>',
      `To: ${o.to}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <daemon-${Math.random().toString(36).slice(2)}@mx.evil.example>`,
      ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
      '',
      'This is the mail system. Your message could not be delivered.',
      '',
    ].join('\r\n'),
  );
}

/** An RFC 3464 report of a failed delivery, returning the headers of our message. */
function deliveryReport(o: { original: ReceivedMail; failed: string; to: string; originalRecipientOnly?: boolean }): Buffer {
  const boundary = 'report-boundary';
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.kund.example>',
      `To: ${o.to}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <report-${Math.random().toString(36).slice(2)}@mx.kund.example>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.kund.example',
      '',
      `Original-Recipient: rfc822; ${o.failed}`,
      // an alias rewritten on the way: the final recipient is an internal address
      `Final-Recipient: rfc822; ${o.originalRecipientOnly ? 'mbox-4711@internal.kund.example' : o.failed}`,
      'Action: failed',
      'Status: 5.1.1',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${o.original.parsed.messageId}`,
      `Subject: ${o.original.parsed.subject}`,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}
