import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { createVault, isEmailOf, openRepresentative } from '@mca/core';
import { call, createCustomer, createPartner, download, uploadSignedCopy } from '../harness/api-client';
import { startDocuSignStandIn } from '../harness/docusign-stand-in';
import { buildReply, postEmail } from '../harness/reply-builder';
import { runCliJson } from '../harness/run-cli';
import { INBOUND_SECRET, startAnotherInstance, startTestService, type TestService } from '../harness/service';
import { unzipTo } from '../harness/unzip';
import { waitFor } from '../harness/wait-for';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const IDS = {
  integrationKey: '8f0e9a5e-1111-4a4a-9c9c-000000000001',
  userId: '2b5e3c1d-2222-4b4b-8d8d-000000000002',
  accountId: '7a6b5c4d-3333-4c4c-9e9e-000000000003',
};
const HMAC = 'connect-key-0123456789';

/** The people of this test: none of these may be found in clear anywhere in the database. */
const BY_EMAIL = { firstName: 'Solveig', lastName: 'Haugeland', email: 'Solveig.Haugeland@fjordkraft.example', phone: '+47 91234567' };
const BY_DOCUSIGN = { firstName: 'Eirik', lastName: 'Brekkestad', email: 'eirik.brekkestad@lofoten.example' };
const PERSONAL = ['Solveig', 'Haugeland', 'solveig.haugeland@', '91234567', 'Eirik', 'Brekkestad', 'eirik.brekkestad@', 'Nordmann', 'ola@kunde.example'];

/** Every document of every collection, as text: JSON with binary data as latin1, so sealed and plain bytes both show. */
async function dumpDatabase(svc: TestService): Promise<Map<string, string>> {
  const db = svc.ctx.db.conn.db!;
  const dump = new Map<string, string>();
  for (const { name } of await db.listCollections().toArray()) {
    const docs = await db.collection(name).find({}).toArray();
    const text = JSON.stringify(docs, (_k, v: unknown) => {
      if (v && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'Binary')
        return Buffer.from((v as { buffer: Uint8Array }).buffer).toString('latin1');
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') return Buffer.from((v as { data: number[] }).data).toString('latin1');
      return v;
    });
    dump.set(name, text);
  }
  return dump;
}

jest.setTimeout(240_000);

describe('personal data at rest: sealed, rotated, erased', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let ds: Awaited<ReturnType<typeof startDocuSignStandIn>>;
  let svc: TestService;
  let apiKey: string;
  const ids = { email: '', docusign: '', signedCopy: '' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mca-at-rest-'));

  const tool = (script: string, env: Record<string, string>) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(TSX, [script], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'silent' } }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, out: `${stdout}${stderr}` }),
      );
    });
  const verify = () => tool('tools/verify.ts', { MONGO_URL: svc.env.MONGO_URL!, AUDIT_SIGNING_KEY: svc.env.AUDIT_SIGNING_KEY!, DATA_KEYS: svc.env.DATA_KEYS! });
  const get = (p: string, token = apiKey) => call(svc.baseUrl, 'GET', p, { token });

  beforeAll(async () => {
    ds = await startDocuSignStandIn({ ...IDS, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    svc = await startTestService({
      env: {
        DOCUSIGN_INTEGRATION_KEY: IDS.integrationKey,
        DOCUSIGN_USER_ID: IDS.userId,
        DOCUSIGN_ACCOUNT_ID: IDS.accountId,
        DOCUSIGN_PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
        DOCUSIGN_BASE_PATH: ds.basePath,
        DOCUSIGN_OAUTH_BASE_PATH: ds.oAuthBasePath,
        DOCUSIGN_CONNECT_HMAC_KEYS: HMAC,
        DOCUSIGN_CALLS_PER_HOUR: '360000',
        PUBLIC_URL: 'https://mca.example',
      },
    });
    apiKey = (await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', notifyEmail: 'ops@nordlys.example' })).apiKey;

    // By email, the customer's default representative asked.
    const byEmail = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: apiKey,
      json: { tenantId: randomUuid(), name: 'Fjordkraft Regnskap AS', country: 'NO', language: 'nb-NO', representative: BY_EMAIL },
    });
    ids.email = byEmail.body.id;
    await call(svc.baseUrl, 'POST', `/v1/customers/${ids.email}/consent-requests`, { token: apiKey, json: { channel: 'email' } });
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes('solveig.haugeland@fjordkraft.example'));
    expect(mail.parsed.text).toContain('Solveig');
    await waitFor(async () => ((await get(`/v1/customers/${ids.email}`)).body.mca.status === 'pending' ? true : undefined), 'email sent');
    await waitFor(async () => ((await svc.ctx.models.consentRequests.findOne({ customerId: ids.email }).lean())?.status === 'sent' ? true : undefined), 'sent');
    const reply = await buildReply({
      original: mail,
      from: 'Solveig Haugeland <solveig.haugeland@fjordkraft.example>',
      body: 'Hei,\n\nJeg godtar.\n\nMvh Solveig Haugeland\n+47 91234567',
    });
    expect((await postEmail(svc.baseUrl, reply, INBOUND_SECRET)).status).toBe(202);

    // By DocuSign.
    ids.docusign = (await createCustomer(svc.baseUrl, apiKey)).id;
    const req = await call(svc.baseUrl, 'POST', `/v1/customers/${ids.docusign}/consent-requests`, {
      token: apiKey,
      json: { channel: 'docusign', representative: BY_DOCUSIGN },
    });
    expect(req.status).toBe(202);
    const sent = await waitFor(async () => {
      const r = await svc.ctx.models.consentRequests.findById(req.body.id).lean();
      return r?.status === 'sent' && r.envelopeId ? r : undefined;
    }, 'envelope sent');
    // DocuSign's envelope names the signer: opened for the send, sealed at rest.
    expect(ds.envelopes.get(sent.envelopeId!)!.definition.recipients.signers[0]).toMatchObject({ name: 'Eirik Brekkestad', email: BY_DOCUSIGN.email });
    ds.complete(sent.envelopeId!, { signedAt: new Date('2026-11-20T09:30:00Z') });
    const connect = ds.connectMessage(sent.envelopeId!, 'envelope-completed', { summary: false });
    const posted = await fetch(`${svc.baseUrl}/webhooks/docusign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docusign-signature-1': ds.sign(connect, HMAC) },
      body: connect,
    });
    expect(posted.status).toBe(200);

    // By a signed copy (Ola Nordmann).
    ids.signedCopy = (await createCustomer(svc.baseUrl, apiKey)).id;
    await uploadSignedCopy(svc.baseUrl, apiKey, ids.signedCopy);

    for (const id of Object.values(ids)) {
      await waitFor(async () => ((await get(`/v1/customers/${id}`)).body.ordering.status === 'unlocked' ? true : undefined), `customer ${id} unlocked`);
    }
    await waitFor(async () => ((await svc.ctx.models.connectMessages.countDocuments({ status: 'processed' })) > 0 ? true : undefined), 'connect processed');
    await waitFor(async () => ((await svc.ctx.models.notifications.countDocuments({ status: 'pending' })) === 0 ? true : undefined), 'partner told');
  });
  afterAll(async () => {
    await svc?.stop();
    await ds?.close();
  });

  test('a dump of every collection (GridFS, mail, Connect, notifications, events, requests, records, customers, chain) names nobody', async () => {
    const dump = await dumpDatabase(svc);
    for (const name of [
      'customers',
      'consent_requests',
      'consent_records',
      'inbound_emails',
      'docusign_connect_messages',
      'evidence.files',
      'evidence.chunks',
      'notifications',
      'partner_events',
      'audit_events',
      'data_keys',
    ]) {
      expect(dump.has(name)).toBe(true);
    }
    const found = [...dump].flatMap(([collection, text]) =>
      PERSONAL.filter((p) => text.toLowerCase().includes(p.toLowerCase())).map((p) => `${collection}: ${p}`),
    );
    expect(found).toEqual([]);
    // The test would see them: the sealed forms are there, and what the partner reads is the person.
    expect(dump.get('customers')).toContain('vault:v1:');
  });

  test('the partner still sees its representatives; the documents still download and match their hashes', async () => {
    const c = (await get(`/v1/customers/${ids.email}`)).body;
    expect(c.representative).toMatchObject({ firstName: 'Solveig', lastName: 'Haugeland', phone: '+47 91234567' });
    expect(c.mca.representative).toMatchObject({ firstName: 'Solveig', lastName: 'Haugeland' });
    const records = (await get(`/v1/customers/${ids.docusign}/consent-records`)).body.items;
    expect(records[0].representative).toMatchObject(BY_DOCUSIGN);
    expect(records[0].evidence.summary.signer).toMatchObject({ email: BY_DOCUSIGN.email });
    const emailRecord = (await get(`/v1/customers/${ids.email}/consent-records`)).body.items[0];
    expect(emailRecord.evidence.summary.replyText).toContain('Jeg godtar');
    for (const doc of [...records[0].evidence.documents, ...emailRecord.evidence.documents]) {
      const res = await download(svc.baseUrl, doc.url, apiKey);
      expect(res.status).toBe(200);
      expect(createHash('sha256').update(res.bytes).digest('hex')).toBe(doc.sha256);
    }
    const reply = await download(svc.baseUrl, emailRecord.evidence.documents[0].url, apiKey);
    expect(reply.bytes.toString()).toContain('Solveig Haugeland');
    expect((await verify()).code).toBe(0);
  });

  test('an email address is compared by its keyed hash, whatever its case; another address does not match', async () => {
    const stored = await svc.ctx.models.customers.findById(ids.email).lean();
    const person = stored!.representative!;
    expect(person).toEqual({ sealed: expect.stringMatching(/^vault:v1:/), emailHash: expect.stringMatching(/^[a-f0-9]{64}$/) });
    expect(await isEmailOf(svc.ctx.vault, person, 'SOLVEIG.haugeland@fjordkraft.example')).toBe(true);
    expect(await isEmailOf(svc.ctx.vault, person, 'someone.else@fjordkraft.example')).toBe(false);
    // The hash is keyed: without the lookup key it is not the plain SHA-256 of the address.
    expect((person as { emailHash: string }).emailHash).not.toBe(createHash('sha256').update('solveig.haugeland@fjordkraft.example').digest('hex'));
    const request = await svc.ctx.models.consentRequests.findOne({ customerId: ids.email }).lean();
    expect((request!.representative as { emailHash: string }).emailHash).toBe((person as { emailHash: string }).emailHash);
  });

  test('a wrong or missing master key is a clear error, never garbage', async () => {
    const stored = await svc.ctx.models.customers.findById(ids.email).lean();
    const wrong = createVault(svc.ctx.models, [{ id: 'test', key: randomBytes(32) }]);
    await expect(openRepresentative(wrong, stored!._id, stored!.representative)).rejects.toThrow(/does not open with master key id test/);
    const missing = createVault(svc.ctx.models, [{ id: 'other', key: randomBytes(32) }]);
    await expect(openRepresentative(missing, stored!._id, stored!.representative)).rejects.toThrow(
      /wrapped with master key id test, which is not in DATA_KEYS/,
    );
  });

  test('erasure: key destroyed after its event, the customer stays without a name, documents 410, pack and verify hold', async () => {
    const id = ids.signedCopy;
    const other = await createPartner(svc.baseUrl, { name: 'Other AS' });
    expect((await call(svc.baseUrl, 'DELETE', `/v1/customers/${id}/personal-data`, { token: other.apiKey })).status).toBe(404);
    const record = (await get(`/v1/customers/${id}/consent-records`)).body.items[0];
    expect((await call(svc.baseUrl, 'DELETE', `/v1/customers/${id}/personal-data`, { token: apiKey })).status).toBe(204);
    expect((await call(svc.baseUrl, 'DELETE', `/v1/customers/${id}/personal-data`, { token: apiKey })).status).toBe(204);

    const chain = await svc.ctx.models.auditEvents
      .find({ customerId: new Types.ObjectId(id) })
      .sort({ seq: 1 })
      .lean();
    expect(chain.filter((e) => e.type === 'customer.erased')).toHaveLength(1);
    expect(chain.at(-1)).toMatchObject({ type: 'customer.erased', data: { by: expect.stringMatching(/^partner /) } });
    expect(await svc.ctx.models.dataKeys.findById(`customer:${id}`).lean()).toEqual({
      _id: `customer:${id}`,
      partnerId: expect.anything(),
      createdAt: expect.any(Date),
      erasedAt: expect.any(Date),
    });

    const c = (await get(`/v1/customers/${id}`)).body;
    expect(c).toMatchObject({ id, mca: { status: 'accepted' }, ordering: { status: 'unlocked' }, personalDataErasedAt: expect.any(String) });
    expect(c.representative).toBeUndefined();
    expect(c.mca.representative).toBeUndefined();
    const records = (await get(`/v1/customers/${id}/consent-records`)).body.items;
    expect(records[0].representative).toBeUndefined();
    expect(records[0].evidence.documents[0].sha256).toBe(record.evidence.documents[0].sha256);
    const gone = await get(record.evidence.documents[0].url);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toContain('application/problem+json');
    expect(gone.body).toMatchObject({ code: 'PERSONAL_DATA_ERASED' });

    const pack = await download(svc.baseUrl, `/v1/customers/${id}/evidence-pack`, apiKey);
    expect(pack.status).toBe(200);
    const out = path.join(dir, 'pack');
    await unzipTo(pack.bytes, out);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ files: [], erased: [{ sha256: record.evidence.documents[0].sha256 }] });
    const events = JSON.parse(readFileSync(path.join(out, 'events.json'), 'utf8'));
    expect(events.some((e: { type: string }) => e.type === 'customer.erased')).toBe(true);

    const report = await call(svc.baseUrl, 'GET', '/v1/reports/consents.csv', { token: apiKey });
    const row = (report.body as string).split('\r\n').find((l) => l.includes(c.tenantId))!;
    expect(row).toContain('attestation');
    expect(row).not.toMatch(/Nordmann|ola@/i);

    const verified = await verify();
    expect(verified.out).toMatch(/^intact: .*\(1 of erased customers/);
    expect(verified.code).toBe(0);

    // Nothing new is kept for an erased customer.
    const fresh = (await createCustomer(svc.baseUrl, apiKey)).id;
    expect((await call(svc.baseUrl, 'DELETE', `/v1/customers/${fresh}/personal-data`, { token: apiKey })).status).toBe(204);
    const refused = await call(svc.baseUrl, 'POST', `/v1/customers/${fresh}/consent-requests`, {
      token: apiKey,
      json: { channel: 'email', representative: { firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example' } },
    });
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'PERSONAL_DATA_ERASED' });
    expect(await svc.ctx.models.consentRequests.countDocuments({ customerId: fresh })).toBe(0);

    // The operator's way: `mca customer erase`, as often as it is run.
    const byOperator = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: apiKey,
      json: {
        tenantId: randomUuid(),
        name: 'Operator AS',
        country: 'NO',
        language: 'nb-NO',
        representative: { firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example' },
      },
    });
    const partnerId = (await svc.ctx.models.customers.findById(byOperator.body.id).lean())!.partnerId.toString();
    const live = await call(svc.baseUrl, 'POST', `/v1/customers/${byOperator.body.id}/consent-requests`, { token: apiKey, json: { channel: 'email' } });
    const livePath = `/v1/customers/${byOperator.body.id}/consent-requests/${live.body.id}`;
    await waitFor(async () => ((await get(livePath)).body.status === 'sent' ? true : undefined), 'sent before the erasure');
    const erased = await runCliJson(['customer', 'erase', '--partner', partnerId, '--id', byOperator.body.id], svc.env);
    expect(erased).toEqual({ customerId: byOperator.body.id, personalDataErasedAt: expect.any(String) });
    expect(await runCliJson(['customer', 'erase', '--partner', partnerId, '--id', byOperator.body.id], svc.env)).toEqual(erased);
    expect((await get(`/v1/customers/${byOperator.body.id}`)).body.representative).toBeUndefined();
    // Nothing may be sent to a person who is gone: the live request ended with the erasure.
    expect((await get(livePath)).body).toMatchObject({ status: 'cancelled', representative: {} });
    expect(await svc.ctx.models.auditEvents.countDocuments({ customerId: new Types.ObjectId(byOperator.body.id), type: 'customer.erased' })).toBe(1);
  });

  test('rotation re-wraps every data key under the new master key; with the old key gone everything still opens', async () => {
    // A customer from before the vault: plain, read as it is, sealed by the rotation run.
    const legacyId = new Types.ObjectId();
    const partnerId = (await svc.ctx.models.customers.findById(ids.email).lean())!.partnerId;
    const now = new Date();
    await svc.ctx.models.customers.collection.insertOne({
      _id: legacyId,
      partnerId,
      tenantId: randomUuid(),
      name: 'Gammel AS',
      country: 'NO',
      language: 'nb-NO',
      representative: { firstName: 'Gunnhild', lastName: 'Oldervik', email: 'gunnhild@gammel.example' },
      mca: { status: 'not-requested' },
      ordering: { status: 'locked' },
      createdAt: now,
      updatedAt: now,
    });
    expect((await get(`/v1/customers/${legacyId}`)).body.representative).toMatchObject({ lastName: 'Oldervik' });
    const next = `next:${randomBytes(32).toString('base64')}`;
    const both = `${next},${svc.env.DATA_KEYS}`;
    const first = await tool('tools/rotate-keys.ts', { MONGO_URL: svc.env.MONGO_URL!, DATA_KEYS: both });
    expect(first.code).toBe(0);
    const total = await svc.ctx.models.dataKeys.countDocuments({ wrapped: { $exists: true } });
    expect(total).toBe(5); // two customers (the third was erased), the legacy one sealed in this run, the system key, the lookup key
    expect(first.out).toContain(`${total - 1} data keys re-wrapped, 0 already under the current master key`); // the legacy customer's key is new
    expect(first.out).toContain('sealed rows from before the vault: 1 customers, 0 requests');
    expect(JSON.stringify(await svc.ctx.models.customers.collection.findOne({ _id: legacyId }))).not.toMatch(/Oldervik|gunnhild/i);
    const again = await tool('tools/rotate-keys.ts', { MONGO_URL: svc.env.MONGO_URL!, DATA_KEYS: both });
    expect(again.out).toContain(`0 data keys re-wrapped, ${total} already under the current master key`);
    expect(await svc.ctx.models.dataKeys.countDocuments({ kid: { $ne: 'next' }, wrapped: { $exists: true } })).toBe(0);
    // `mca keys rotate` is the same step: nothing left to do.
    const byCli = await runCliJson(['keys', 'rotate'], { ...svc.env, DATA_KEYS: both });
    expect(byCli).toEqual({
      rewrapped: 0,
      current: total,
      erased: await svc.ctx.models.dataKeys.countDocuments({ erasedAt: { $exists: true } }),
      sealed: { customers: 0, requests: 0 },
    });

    const rotated = await startAnotherInstance({ ...svc, env: { ...svc.env, DATA_KEYS: next } });
    try {
      const c = (await call(rotated.baseUrl, 'GET', `/v1/customers/${ids.email}`, { token: apiKey })).body;
      expect(c.representative).toMatchObject({ firstName: 'Solveig', lastName: 'Haugeland' });
      expect((await call(rotated.baseUrl, 'GET', `/v1/customers/${legacyId}`, { token: apiKey })).body.representative).toMatchObject({ lastName: 'Oldervik' });
      const record = (await call(rotated.baseUrl, 'GET', `/v1/customers/${ids.docusign}/consent-records`, { token: apiKey })).body.items[0];
      expect((await download(rotated.baseUrl, record.evidence.documents[0].url, apiKey)).status).toBe(200);
    } finally {
      await rotated.stop();
    }
  });
});

function randomUuid(): string {
  return 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));
}
