import { Types } from 'mongoose';
import { parse } from 'csv-parse/sync';
import { recordConsent } from '@mca/core';
import { uploadSignedCopy, call, createCustomer, createPartner, download } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';

describe('GET /v1/reports/consents.csv', () => {
  let svc: TestService;
  let a: { apiKey: string; id: string };
  let b: { apiKey: string; id: string };

  beforeAll(async () => {
    svc = await startTestService();
    a = await createPartner(svc.baseUrl, { name: 'Report A' });
    b = await createPartner(svc.baseUrl, { name: 'Report B' });
  });
  afterAll(async () => svc?.stop());

  const report = async (apiKey: string) => {
    const res = await download(svc.baseUrl, '/v1/reports/consents.csv', apiKey);
    return { ...res, rows: parse(res.bytes, { bom: true, columns: true }) as Record<string, string>[], text: res.bytes.toString('utf8') };
  };

  test('one row per customer: who accepted, when, how, on which agreement, with the evidence hashes; cells cannot be formulas', async () => {
    const paper = await createCustomer(svc.baseUrl, a.apiKey, { name: 'Papir AS' });
    await uploadSignedCopy(svc.baseUrl, a.apiKey, paper.id);
    const mailed = await createCustomer(svc.baseUrl, a.apiKey, { name: 'Epost AB', country: 'SE', language: 'sv-SE' });
    const rawSha256 = 'ab'.repeat(32);
    const agreementSha256 = 'cd'.repeat(32);
    await recordConsent(svc.ctx, {
      partnerId: new Types.ObjectId(a.id),
      customerId: new Types.ObjectId(mailed.id),
      tenantId: mailed.tenantId,
      method: 'email',
      representative: { firstName: 'Sven', lastName: 'Svensson', email: 'sven@kund.example' },
      dateAgreed: new Date('2024-04-02T09:30:00Z'),
      agreement: {
        templateId: 'mca-se-sv',
        country: 'SE',
        language: 'sv',
        title: 'Microsoft Customer Agreement',
        url: 'https://example.test/mca',
        sha256: agreementSha256,
        attached: true,
      },
      evidence: {
        kind: 'email',
        inboundEmailId: new Types.ObjectId(),
        messageId: '<reply@kund.example>',
        rawSha256,
        authentication: { source: 'test', dkim: 'pass', spf: 'pass', dmarc: 'pass', authentic: true, detail: 'test' },
        replyText: 'I accept',
        classification: 'accept',
      },
      via: 'reply',
    });
    const untouched = await createCustomer(svc.baseUrl, a.apiKey, { name: '=HYPERLINK("http://evil.example","click")' });
    const minus = await createCustomer(svc.baseUrl, a.apiKey, { name: '-2+3' });
    await createCustomer(svc.baseUrl, b.apiKey, { name: 'Other Partner Ltd' });

    const res = await report(a.apiKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="consents-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.text.split('\r\n')[0]).toBe(
      '\ufefftenantId,customerName,country,language,mcaStatus,method,orderingStatus,representativeName,representativeEmail,dateAgreed,recordedAt,agreementCountry,agreementLanguage,agreementSha256,evidenceKind,evidenceSha256,consentRecordId',
    );
    expect(res.rows.map((r) => r.customerName)).toEqual(['Papir AS', 'Epost AB', `'=HYPERLINK("http://evil.example","click")`, "'-2+3"]);
    expect(res.text).not.toContain('Other Partner Ltd');

    const [paperRow, mailRow, untouchedRow] = res.rows;
    const paperRecord = await svc.ctx.models.consentRecords.findOne({ customerId: paper.id }).lean();
    expect(paperRow).toMatchObject({
      tenantId: paper.tenantId,
      mcaStatus: 'accepted',
      method: 'attestation',
      representativeName: 'Ola Nordmann',
      representativeEmail: 'ola@kunde.example',
      dateAgreed: '2024-03-01T00:00:00.000Z',
      evidenceKind: 'attestation',
      evidenceSha256: `scan:${paperRecord?.evidence.kind === 'attestation' ? paperRecord.evidence.sha256 : 'missing'}`,
      consentRecordId: paperRecord?._id.toString(),
    });
    expect(mailRow).toMatchObject({
      tenantId: mailed.tenantId,
      country: 'SE',
      language: 'sv-SE',
      mcaStatus: 'accepted',
      method: 'email',
      representativeName: 'Sven Svensson',
      representativeEmail: 'sven@kund.example',
      dateAgreed: '2024-04-02T09:30:00.000Z',
      agreementCountry: 'SE',
      agreementLanguage: 'sv',
      agreementSha256,
      evidenceKind: 'email',
      evidenceSha256: `reply:${rawSha256}`,
    });
    expect(untouchedRow).toMatchObject({
      tenantId: untouched.tenantId,
      mcaStatus: 'not-requested',
      method: '',
      orderingStatus: 'locked',
      representativeName: '',
      dateAgreed: '',
      evidenceSha256: '',
    });
    expect(minus.id).toBeTruthy();

    const other = await report(b.apiKey);
    expect(other.rows.map((r) => r.customerName)).toEqual(['Other Partner Ltd']);
    expect((await call(svc.baseUrl, 'GET', '/v1/reports/consents.csv')).status).toBe(401);
  });

  test('a report longer than one page holds every customer once, in order', async () => {
    const p = await createPartner(svc.baseUrl, { name: 'Many' });
    const csv = [
      'tenantId,name,country,language',
      ...Array.from({ length: 1_203 }, (_, i) => `${crypto.randomUUID()},Customer ${String(i).padStart(4, '0')},NO,nb`),
    ].join('\n');
    const imported = await call(svc.baseUrl, 'POST', '/v1/customers/import', { token: p.apiKey, body: csv, contentType: 'text/csv' });
    expect(imported.body.created).toBe(1_203);
    // Consents on customers of the first, second and third page, recorded out of order: each row
    // is matched with its own record and representative (the report walks both in customer order).
    const ids = (await svc.ctx.models.customers.find({ partnerId: p.id }, { _id: 1 }).sort({ _id: 1 }).lean()).map((c) => c._id);
    const consenting = [1_202, 0, 777, 499, 500];
    for (const i of consenting) {
      await recordConsent(svc.ctx, {
        partnerId: new Types.ObjectId(p.id),
        customerId: ids[i]!,
        tenantId: (await svc.ctx.models.customers.findById(ids[i]).lean())!.tenantId,
        method: 'email',
        representative: { firstName: 'Rep', lastName: `Number ${i}`, email: `rep${i}@many.example` },
        dateAgreed: new Date('2024-04-02T09:30:00Z'),
        evidence: {
          kind: 'email',
          inboundEmailId: new Types.ObjectId(),
          messageId: `<reply${i}@many.example>`,
          rawSha256: 'ab'.repeat(32),
          authentication: { source: 'test', dkim: 'pass', spf: 'pass', dmarc: 'pass', authentic: true, detail: 'test' },
          replyText: 'I accept',
          classification: 'accept',
        },
        via: 'reply',
      });
    }
    const rows = (await report(p.apiKey)).rows;
    expect(rows).toHaveLength(1_203);
    expect(rows.map((r) => r.customerName)).toEqual(Array.from({ length: 1_203 }, (_, i) => `Customer ${String(i).padStart(4, '0')}`));
    rows.forEach((r, i) =>
      expect({ i, method: r.method, who: r.representativeName, email: r.representativeEmail }).toEqual(
        consenting.includes(i) ? { i, method: 'email', who: `Rep Number ${i}`, email: `rep${i}@many.example` } : { i, method: '', who: '', email: '' },
      ),
    );
  });
});
