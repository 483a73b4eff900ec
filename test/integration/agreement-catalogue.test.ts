import { createHash } from 'node:crypto';
import { AgreementUnavailableError, findAgreementFor, type Context } from '@mca/core';
import { createPartnerCenterClient } from '@mca/integrations';
import type { Logger } from '@mca/platform';
import { WORD_CONTENT_TYPE } from '@mca/templates';
import { call, createCustomer, createPartner } from '../harness/api-client';
import { agreementDocumentBytes, startPartnerCenterStandIn, type PartnerCenterStandIn } from '../harness/partner-center-stand-in';
import { startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const DAY_MS = 24 * 60 * 60_000;

/** A logger that records warnings (the catalogue logs through child loggers). */
function recordingLogger() {
  const warnings: string[] = [];
  const logger = {
    child: () => logger,
    warn: (_obj: unknown, msg?: string) => void warnings.push(String(msg)),
    info: () => undefined,
    error: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  return { logger, warnings };
}

/**
 * The agreement catalogue with Partner Center configured, against a real local HTTP stand-in:
 * documents downloaded once and cached in MongoDB, the fallback chain, and Partner Center outages.
 */
describe('agreement catalogue from Partner Center', () => {
  let pc: PartnerCenterStandIn;
  let svc: TestService;

  beforeAll(async () => {
    pc = await startPartnerCenterStandIn();
    svc = await startTestService({ env: { PARTNER_CENTER_BASE_URL: pc.baseUrl, PARTNER_CENTER_TOKEN: pc.token } });
  });
  afterAll(async () => {
    await svc?.stop();
    await pc?.close();
  });
  beforeEach(async () => {
    pc.reset();
    await svc.ctx.models.agreementDocuments.deleteMany({});
  });

  const downloads = () => pc.requests.filter((r) => r.path.startsWith('/agreement-documents/'));
  const linkRequests = () => pc.requests.filter((r) => /^\/v1\/agreementtemplates\/[^/]+\/document$/.test(r.path));
  /** The service's context with its own Partner Center client (its own template memory) that tries once. */
  function contextWithFreshClient(logger: Logger): Context {
    const partnerCenter = createPartnerCenterClient({ baseUrl: pc.baseUrl, auth: { kind: 'token', token: pc.token }, maxAttempts: 1 });
    return { ...svc.ctx, partnerCenter, logger };
  }

  test("serves Microsoft's document for the country and language, hashed, and caches it", async () => {
    pc.setDocumentLanguages('NO', ['nb-NO', 'en-US']);
    const bytes = agreementDocumentBytes(pc.templateId, 'NO', 'nb-NO');

    const doc = await findAgreementFor(svc.ctx, { country: 'no', language: 'nb-NO' });
    expect(doc).toMatchObject({
      templateId: pc.templateId,
      country: 'NO',
      language: 'nb',
      title: 'Microsoft-kundeavtale',
      url: 'https://aka.ms/customeragreement',
      sha256: sha256(bytes),
      partnerCenter: { askedLanguage: 'nb-NO', servedLanguage: 'nb-NO', stale: false },
    });
    expect(doc.file?.contentType).toBe(WORD_CONTENT_TYPE);
    expect(doc.file?.fileName).toMatch(/\.docx$/);
    expect(doc.file?.content.equals(bytes)).toBe(true);
    expect(doc.file?.sha256).toBe(sha256(bytes));
    expect(doc.partnerCenter?.downloadedFrom).not.toContain('sig=');
    expect(linkRequests()).toHaveLength(1);
    expect(linkRequests()[0]?.query).toMatchObject({ country: 'NO', language: 'nb-NO' });
    expect(downloads()).toHaveLength(1);

    const stored = await svc.ctx.models.agreementDocuments.find({}).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      templateId: pc.templateId,
      country: 'NO',
      language: 'nb-NO',
      servedLanguage: 'nb-NO',
      sha256: sha256(bytes),
      contentType: WORD_CONTENT_TYPE,
    });

    // The second lookup is answered from the cache: no Partner Center document call at all.
    const again = await findAgreementFor(svc.ctx, { country: 'NO', language: 'nb' });
    expect(again.sha256).toBe(doc.sha256);
    expect(again.file?.content.equals(bytes)).toBe(true);
    expect(linkRequests()).toHaveLength(1);
    expect(downloads()).toHaveLength(1);
  });

  test("falls back to the country's default language when Microsoft has none in the customer's", async () => {
    pc.setDocumentLanguages('FI', ['fi-FI', 'en-US']);
    const doc = await findAgreementFor(svc.ctx, { country: 'FI', language: 'sv-FI' });
    expect(doc).toMatchObject({
      language: 'fi',
      title: 'Microsoftin asiakassopimus',
      sha256: sha256(agreementDocumentBytes(pc.templateId, 'FI', 'fi-FI')),
      partnerCenter: { askedLanguage: 'fi-FI', servedLanguage: 'fi-FI' },
    });
    // sv-FI was asked first; Microsoft answered en-US, which is recorded for the next lookup.
    expect(linkRequests().map((r) => r.query.language)).toEqual(['sv-FI', 'fi-FI']);
    const svFi = await svc.ctx.models.agreementDocuments.findOne({ country: 'FI', language: 'sv-FI' }).lean();
    expect(svFi?.servedLanguage).toBe('en-US');

    const before = pc.requests.length;
    const again = await findAgreementFor(svc.ctx, { country: 'FI', language: 'sv-FI' });
    expect(again.sha256).toBe(doc.sha256);
    expect(pc.requests.length).toBe(before);
  });

  test('records English when Microsoft serves en-US, without downloading it twice', async () => {
    pc.setDocumentLanguages('NO', ['en-US']);
    const bytes = agreementDocumentBytes(pc.templateId, 'NO', 'en-US');
    const doc = await findAgreementFor(svc.ctx, { country: 'NO', language: 'nb-NO' });
    expect(doc).toMatchObject({
      language: 'en',
      title: 'Microsoft Customer Agreement',
      sha256: sha256(bytes),
      partnerCenter: { askedLanguage: 'nb-NO', servedLanguage: 'en-US' },
    });
    expect(doc.file?.content.equals(bytes)).toBe(true);
    expect(downloads()).toHaveLength(1);
  });

  test('Partner Center down with a cached copy: the cached copy is used, with a warning', async () => {
    pc.setDocumentLanguages('DE', ['de-DE', 'en-US']);
    const first = await findAgreementFor(svc.ctx, { country: 'DE', language: 'de-DE' });
    // A day and more later the copy is due for a refetch, and Partner Center is failing.
    await svc.ctx.models.agreementDocuments.updateMany({}, { $set: { fetchedAt: new Date(Date.now() - DAY_MS - 60_000) } });
    pc.failNext(1, 503, { pathPattern: /\/document$/ });
    const { logger, warnings } = recordingLogger();

    const doc = await findAgreementFor(contextWithFreshClient(logger), { country: 'DE', language: 'de-DE' });
    expect(doc.sha256).toBe(first.sha256);
    expect(doc.file?.content.equals(first.file!.content)).toBe(true);
    expect(doc.partnerCenter?.stale).toBe(true);
    expect(warnings.join('\n')).toMatch(/cached agreement document/);

    // Once Partner Center answers again, the stale copy is refreshed.
    const fresh = await findAgreementFor(svc.ctx, { country: 'DE', language: 'de-DE' });
    expect(fresh.partnerCenter?.stale).toBe(false);
    const row = await svc.ctx.models.agreementDocuments.findOne({ country: 'DE', language: 'de-DE' }).lean();
    expect(Date.now() - new Date(row!.fetchedAt).getTime()).toBeLessThan(60_000);
  });

  test('Partner Center down and nothing cached: a retryable error, never another agreement', async () => {
    pc.failNext(1, 503, { pathPattern: /\/document$/ });
    const { logger } = recordingLogger();
    const found = findAgreementFor(contextWithFreshClient(logger), { country: 'DK', language: 'da-DK' });
    await expect(found).rejects.toBeInstanceOf(AgreementUnavailableError);
    await expect(found).rejects.toThrow(/DK \(da-DK\).*no copy is cached/);
    expect(await svc.ctx.models.agreementDocuments.countDocuments({})).toBe(0);
  });

  test('template unknown and Partner Center down: the newest cached copy, else an error', async () => {
    pc.setDocumentLanguages('SE', ['sv-SE', 'en-US']);
    const first = await findAgreementFor(svc.ctx, { country: 'SE', language: 'sv' });

    pc.failNext(1, 503, { pathPattern: /^\/v1\/agreements$/ });
    const { logger, warnings } = recordingLogger();
    const doc = await findAgreementFor(contextWithFreshClient(logger), { country: 'SE', language: 'sv' });
    expect(doc).toMatchObject({ templateId: pc.templateId, language: 'sv', url: 'https://aka.ms/customeragreement', sha256: first.sha256 });
    expect(warnings.join('\n')).toMatch(/current MCA template/);

    pc.failNext(1, 503, { pathPattern: /^\/v1\/agreements$/ });
    await expect(findAgreementFor(contextWithFreshClient(logger), { country: 'NL', language: 'nl' })).rejects.toBeInstanceOf(AgreementUnavailableError);
  });

  test("end to end: the consent email attaches Microsoft's Word document and the request records its hash", async () => {
    pc.setDocumentLanguages('NO', ['nb-NO', 'en-US']);
    const bytes = agreementDocumentBytes(pc.templateId, 'NO', 'nb-NO');
    const partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', notifyEmail: 'ops@nordlys.example' });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO' });
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft-pc.example' } },
    });
    expect(created.status).toBe(202);

    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('kari@fjordkraft-pc.example'));
    const attachment = mail.parsed.attachments.find((a) => a.mimeType === WORD_CONTENT_TYPE);
    expect(attachment?.filename).toMatch(/\.docx$/);
    expect(Buffer.from(attachment!.content as ArrayBuffer).equals(bytes)).toBe(true);
    expect(mail.parsed.text).toContain('https://aka.ms/customeragreement');

    const request = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(created.body.id).lean();
      return r?.status === 'sent' ? r : undefined;
    }, 'request sent');
    expect(request.agreement).toMatchObject({
      templateId: pc.templateId,
      country: 'NO',
      language: 'nb',
      url: 'https://aka.ms/customeragreement',
      sha256: sha256(bytes),
      attached: true,
    });
  });
});

/** Without Partner Center: the operator's link table (AGREEMENT_URLS), through a real service and SMTP server. */
describe('agreement catalogue without Partner Center', () => {
  let svc: TestService;
  const NO_LINK = 'https://agreements.example/mca-no-nb.pdf';

  beforeAll(async () => {
    svc = await startTestService({ env: { AGREEMENT_URLS: JSON.stringify({ 'no-nb': NO_LINK, default: 'https://agreements.example/mca.pdf' }) } });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  test('the consent email links the configured document and the request records the hash of that link', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS' });
    const customer = await createCustomer(svc.baseUrl, partner.apiKey, { country: 'NO', language: 'nb-NO' });
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: partner.apiKey,
      json: { channel: 'email', representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft-urls.example' } },
    });
    expect(created.status).toBe(202);
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('kari@fjordkraft-urls.example'));
    expect(mail.parsed.text).toContain(NO_LINK);
    expect(mail.parsed.text).not.toContain('https://aka.ms/customeragreement');

    const request = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(created.body.id).lean();
      return r?.status === 'sent' ? r : undefined;
    }, 'request sent');
    const canonical = JSON.stringify({ country: 'NO', language: 'nb', templateId: request.agreement?.templateId, url: NO_LINK });
    expect(request.agreement).toMatchObject({
      country: 'NO',
      language: 'nb',
      url: NO_LINK,
      attached: false,
      sha256: createHash('sha256').update(canonical).digest('hex'),
    });
  });
});
