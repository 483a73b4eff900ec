import { sweepOutbox } from '@mca/workers';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { startPartnerCenterStandIn, type PartnerCenterStandIn } from '../harness/partner-center-stand-in';
import { startTestService, type TestService } from '../harness/service';
import type { ReceivedMail } from '../harness/smtp-sink';
import { waitFor } from '../harness/wait-for';

const PARTNER_TENANT = '6e6e6e6e-1111-4222-8333-444444444444';
const reminderNumber = (m: ReceivedMail) => m.parsed.headers.find((h) => h.key === 'x-mca-reminder')?.value;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The `microsoft` channel's link email on the email cadence: REMINDER_AFTER=2s,4s re-sends
 * Microsoft's acceptance link (Partner Center stand-in, enhanced attestation) in the customer's
 * language, once per reminder number, and stops once Partner Center shows the acceptance.
 */
describe('reminders of the microsoft channel', () => {
  let pc: PartnerCenterStandIn;
  let svc: TestService;
  let partner: { apiKey: string };
  let seq = 0;

  beforeAll(async () => {
    pc = await startPartnerCenterStandIn();
    svc = await startTestService({
      env: {
        PARTNER_CENTER_BASE_URL: pc.baseUrl,
        PARTNER_CENTER_TOKEN: pc.token,
        PARTNER_CENTER_POLL_SECONDS: '1',
        REMINDER_AFTER: '2s,4s',
        REQUEST_EXPIRES_AFTER: '8s',
      },
    });
    partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', partnerCenter: { tenantId: PARTNER_TENANT } });
  });
  afterAll(async () => {
    await svc?.stop();
    await pc?.close();
  });

  async function microsoftRequest(email: string) {
    seq += 1;
    // Unanswered on Microsoft's side until a test accepts it.
    pc.setAttestationBehaviour({ never: true });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO', name: `Fjordkraft ${seq} AS` });
    pc.setRelationships(customer.tenantId, [{ id: PARTNER_TENANT }]);
    const res = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'microsoft', representative: { firstName: 'Kari', lastName: 'Nordmann', email } },
    });
    expect(res.status).toBe(202);
    const original = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && !reminderNumber(m));
    const attestation = pc.attestations().find((a) => a.tenantId === customer.tenantId)!;
    return { requestId: res.body.id as string, path: `/v1/customers/${customer.id}/consent-requests/${res.body.id}`, original, attestation };
  }
  const remindersTo = (email: string) => svc.smtp.received.filter((m) => m.envelope.to.includes(email) && reminderNumber(m) !== undefined);
  const status = async (path: string) => (await call(svc.baseUrl, 'GET', path, { token: partner.apiKey })).body.status as string;

  test('two reminders re-send the acceptance link in the customer language, once each; then the request expires', async () => {
    const email = 'kari@reminded-ms.example';
    const { requestId, path, original, attestation } = await microsoftRequest(email);
    const first = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    const second = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '2');
    for (const reminder of [first, second]) {
      expect(reminder.parsed.subject).toMatch(/^Påminnelse: forespørsel om å godta Microsoft-kundeavtalen for Fjordkraft \d+ AS hos Microsoft$/);
      expect(reminder.parsed.text).toContain('Microsoft har ennå ikke registrert at avtalen er godtatt');
      expect(reminder.parsed.text).toContain(attestation.acceptanceUrl);
      expect(reminder.parsed.text).not.toMatch(/Jeg godtar/);
      expect(reminder.parsed.inReplyTo).toBe(original.parsed.messageId);
    }
    // The link is the one the first email carried: no second attestation for the customer.
    expect(pc.attestations().filter((a) => a.tenantId === attestation.tenantId)).toHaveLength(1);
    await waitFor(async () => ((await status(path)) === 'expired' ? true : undefined), 'expired', 30_000);
    await sleep(1500); // a duplicate reminder job would have had its chance
    expect(remindersTo(email).map(reminderNumber)).toEqual(['1', '2']);
    const stored = await svc.ctx.models.consentRequests.findById(requestId).lean();
    expect(stored?.remindersSent).toBe(2);
  });

  test('accepted via Partner Center after the first reminder: no second reminder', async () => {
    const email = 'per@accepts-ms.example';
    const { path, attestation } = await microsoftRequest(email);
    await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    pc.acceptAttestation(attestation.id);
    await waitFor(async () => ((await status(path)) === 'accepted' ? true : undefined), 'accepted', 30_000);
    // Past the second reminder's time (4 s after the send) and the expiry's.
    await sleep(6000);
    expect(remindersTo(email).map(reminderNumber)).toEqual(['1']);
    expect(await status(path)).toBe('accepted');
  });

  test('cancelled by the partner: the reminders stop', async () => {
    const email = 'ola@cancels-ms.example';
    const { requestId, path } = await microsoftRequest(email);
    await waitFor(async () => ((await status(path)) === 'sent' ? true : undefined), 'sent');
    const cancelled = await call(svc.baseUrl, 'POST', `${path}/cancel`, { token: partner.apiKey });
    expect(cancelled.status).toBe(200);
    const recorded = (await svc.ctx.models.consentRequests.findById(requestId).lean())?.remindersSent ?? 0;
    await sleep(6000); // past both reminders' times
    // Nothing more is recorded; at most a reminder already being sent at the cancel went out.
    expect((await svc.ctx.models.consentRequests.findById(requestId).lean())?.remindersSent ?? 0).toBe(recorded);
    expect(remindersTo(email).length).toBeLessThanOrEqual(recorded + 1);
    expect(remindersTo(email).map(reminderNumber)).not.toContain(String(recorded + 2));
  });

  test('the reminder job deleted from Redis: the sweeper recovers it from the request', async () => {
    const email = 'siri@flushed-ms.example';
    const { requestId, path, attestation } = await microsoftRequest(email);
    await waitFor(async () => ((await status(path)) === 'sent' ? true : undefined), 'sent');
    // The job is enqueued just after the request shows `sent`.
    const job = await waitFor(
      async () => (await svc.ctx.queues.queue('dispatch-email').getJob(`remind-${requestId}-1-1`)) ?? undefined,
      'reminder job enqueued',
    );
    await job.remove();
    await sleep(3_000);
    expect(remindersTo(email)).toHaveLength(0);
    expect((await sweepOutbox(svc.ctx)).reminder).toBe(1);
    const first = await svc.smtp.waitFor((m) => m.envelope.to.includes(email) && reminderNumber(m) === '1');
    expect(first.parsed.text).toContain(attestation.acceptanceUrl);
  });
});
