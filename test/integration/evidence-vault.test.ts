import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import mongoose, { mongo, Types } from 'mongoose';
import {
  appendAuditEvent,
  auditSignerFor,
  bindModels,
  eventHash,
  exportCheckpointNote,
  GENESIS_HASH,
  hashedFieldsOf,
  makeCheckpoint,
  type AuditEventRecord,
} from '@mca/core';
import { call, uploadSignedCopy, createCustomer, createPartner, download, TENANT } from '../harness/api-client';
import { buildReply, postEmail } from '../harness/reply-builder';
import { unzipTo } from '../harness/unzip';
import { INBOUND_SECRET, startTestService, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/**
 * The evidence vault as an auditor meets it: the chain the service's own writes leave behind,
 * `npm run verify` green on it, and then, one at a time, direct edits of the database that
 * verify must name precisely (and each is put back before the next).
 */
// Each verify run is a tsx process of its own: a few seconds on a quiet machine, far more on a loaded one.
jest.setTimeout(240_000);

describe('evidence vault: audit chains, checkpoints, verify', () => {
  let svc: TestService;
  let customerId: string;
  let apiKey: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mca-vault-'));

  const verify = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        TSX,
        ['tools/verify.ts', ...args],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            MONGO_URL: svc.env.MONGO_URL,
            AUDIT_SIGNING_KEY: svc.env.AUDIT_SIGNING_KEY,
            DATA_KEYS: svc.env.DATA_KEYS,
            LOG_LEVEL: 'silent',
          },
        },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, out: `${stdout}${stderr}` }),
      );
    });
  const chainOf = (id: string) =>
    svc.ctx.models.auditEvents
      .find({ customerId: new Types.ObjectId(id) })
      .sort({ seq: 1 })
      .lean();
  const raw = () => svc.ctx.models.auditEvents.collection;

  beforeAll(async () => {
    svc = await startTestService();
    const partner = await createPartner(svc.baseUrl, { name: 'Nordlys IT AS', notifyEmail: 'ops@nordlys.example' });
    apiKey = partner.apiKey;
    customerId = (await createCustomer(svc.baseUrl, partner.apiKey)).id;
    await uploadSignedCopy(svc.baseUrl, partner.apiKey, customerId);
    await waitFor(async () => ((await chainOf(customerId)).some((e) => e.type === 'partner.notified') ? true : undefined), 'unlock told the partner');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  test('the service leaves one linked, gap-free chain of typed facts per customer', async () => {
    const chain = await chainOf(customerId);
    expect(chain.map((e) => e.type)).toEqual(['customer.created', 'evidence.stored', 'consent.recorded', 'customer.unlocked', 'partner.notified']);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    chain.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash);
      expect(eventHash(hashedFieldsOf(e))).toBe(e.hash);
    });
    const recorded = chain.find((e) => e.type === 'consent.recorded')!;
    const stored = chain.find((e) => e.type === 'evidence.stored')!;
    expect(recorded.data).toMatchObject({ method: 'attestation', evidence: [{ what: 'signed-copy', sha256: stored.data.sha256 }] });
    // No representative's name or address in the chain.
    expect(JSON.stringify(chain)).not.toMatch(/Nordmann|ola@kunde/);
  });

  test('a fact appended twice (a retried job) is one event; racing writers never share or skip a seq', async () => {
    const c = new Types.ObjectId().toString();
    const p = new Types.ObjectId().toString();
    const fact = (n: number) => ({
      customerId: c,
      partnerId: p,
      key: `test:${c}:${n}`,
      type: 'evidence.read' as const,
      data: { by: 'test', what: `read ${n}` },
    });
    await Promise.all([...Array(12)].map((_, i) => appendAuditEvent(svc.ctx, fact(i % 6))));
    const chain = await chainOf(c);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(chain.map((e) => e.key)).size).toBe(6);
    chain.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash));
  });

  test("an append after another process's (this process's remembered head is stale) links after the real head", async () => {
    const c = new Types.ObjectId().toString();
    const p = new Types.ObjectId().toString();
    const fact = (n: number) => ({
      customerId: c,
      partnerId: p,
      key: `stale:${c}:${n}`,
      type: 'evidence.read' as const,
      data: { by: 'test', what: `read ${n}` },
    });
    // The other process: its own connection and models, so its own remembered heads.
    const conn = mongoose.createConnection(svc.env.MONGO_URL!);
    try {
      const other = { models: bindModels(conn) };
      await appendAuditEvent(svc.ctx, fact(1));
      await appendAuditEvent(other, fact(2));
      await appendAuditEvent(other, fact(3));
      const mine = await appendAuditEvent(svc.ctx, fact(4)); // remembers seq 1; the head is 3
      expect(mine.seq).toBe(4);
      expect((await appendAuditEvent(other, fact(4)))._id).toEqual(mine._id); // a repeat elsewhere is the same event
      expect((await appendAuditEvent(svc.ctx, fact(5))).seq).toBe(5);
    } finally {
      await conn.close();
    }
    const chain = await chainOf(c);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    chain.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash));
    // A test chain of its own: not counted by the verify runs below, which name chains of the service's customers.
    await raw().deleteMany({ customerId: new Types.ObjectId(c) });
  });

  test('an unchanged store gets no new checkpoint; verify is green and accepts the exported checkpoint', async () => {
    const signer = auditSignerFor(svc.ctx.config);
    // The scheduler signed one when the workers started; the chains moved since.
    const first = await makeCheckpoint(svc.ctx, signer);
    expect(first.created).toBe(true);
    expect(first.checkpoint.leaves).toContainEqual({ customerId, seq: 5, hash: (await chainOf(customerId))[4]!.hash });
    const again = await makeCheckpoint(svc.ctx, signer);
    expect(again).toMatchObject({ created: false, checkpoint: { number: first.checkpoint.number } });
    writeFileSync(path.join(dir, 'checkpoint.txt'), exportCheckpointNote(first.checkpoint));

    const ok = await verify('--checkpoint', path.join(dir, 'checkpoint.txt'));
    expect(ok.out).toMatch(/^intact: 2 chains, 11 events, 1 evidence files, 0 replies, \d+ checkpoints/);
    expect(ok.code).toBe(0);
    expect((await verify('--customer', customerId)).code).toBe(0);
  });

  test('an edited event is named by customer, seq and what differs', async () => {
    const target = (await chainOf(customerId))[0]!;
    await raw().updateOne({ _id: target._id }, { $set: { 'data.country': 'SE' } });
    const res = await verify();
    await raw().updateOne({ _id: target._id }, { $set: { 'data.country': target.data.country } });
    expect(res.code).toBe(1);
    expect(res.out).toContain(`DIVERGENCE: customer ${customerId}, seq 1 (customer.created): the event's contents hash to`);
    expect(res.out).toContain(`its recorded hash is ${target.hash}`);
  });

  test('a deleted event is a missing seq', async () => {
    const target = (await chainOf(customerId))[2]!;
    await raw().deleteOne({ _id: target._id });
    const res = await verify('--customer', customerId);
    await raw().insertOne(target as AuditEventRecord);
    expect(res.code).toBe(1);
    expect(res.out).toContain(`DIVERGENCE: customer ${customerId}: seq 3 missing (seq 2 is followed by seq 4)`);
  });

  test('a chain rewritten with every hash recomputed no longer holds the head the checkpoint signed', async () => {
    const last = (await chainOf(customerId)).at(-1)!;
    const forged = { ...last, data: { ...last.data, event: 'consent.declined' } };
    await raw().updateOne({ _id: last._id }, { $set: { data: forged.data, hash: eventHash(hashedFieldsOf(forged)) } });
    const res = await verify();
    await raw().updateOne({ _id: last._id }, { $set: { data: last.data, hash: last.hash } });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(
      new RegExp(`DIVERGENCE: checkpoint \\d+: customer ${customerId}, seq 5 hashes to [a-f0-9]{64} now, the checkpoint signed ${last.hash}`),
    );
    expect(res.out).toContain('(the chain was rewritten)');
  });

  test('a swapped evidence blob is named by file and both hashes', async () => {
    const file = (await svc.ctx.models.evidenceFiles.findOne({ customerId }).lean())!;
    const chunks = svc.ctx.db.conn.db!.collection('evidence.chunks');
    const chunk = (await chunks.findOne({ files_id: file.blobId }))!;
    const original = Buffer.from((chunk.data as mongo.Binary).buffer);
    const forged = Buffer.from(original);
    forged.write('forged', 9); // same length: GridFS itself would notice a chunk of another size
    await chunks.updateOne({ _id: chunk._id }, { $set: { data: new mongo.Binary(forged) } });
    const res = await verify();
    await chunks.updateOne({ _id: chunk._id }, { $set: { data: chunk.data } });
    expect(res.code).toBe(1);
    expect(res.out).toContain(`DIVERGENCE: evidence file ${file._id.toString()} (customer ${customerId}, signed-mca.pdf): the stored bytes hash to`);
    expect(res.out).toContain(`the recorded SHA-256 is ${file.sha256}`);
  });

  test('a forged checkpoint signature, and a forged kept checkpoint, are refused', async () => {
    const cps = svc.ctx.models.auditCheckpoints.collection;
    const cp = (await cps.findOne({ number: 1 }))!;
    await cps.updateOne({ _id: cp._id }, { $set: { signature: randomBytes(64).toString('base64') } });
    const res = await verify();
    await cps.updateOne({ _id: cp._id }, { $set: { signature: cp.signature } });
    expect(res.code).toBe(1);
    expect(res.out).toContain('DIVERGENCE: checkpoint 1: the signature does not verify with the audit signing key');

    const note = exportCheckpointNote((await svc.ctx.models.auditCheckpoints.findOne({ number: 1 }).lean())!);
    const forgedRoot = note.replace(/^(.*\n\d+\n)(.*)$/m, `$1${randomBytes(32).toString('base64')}`);
    writeFileSync(path.join(dir, 'forged.txt'), forgedRoot);
    const anchored = await verify('--checkpoint', path.join(dir, 'forged.txt'));
    expect(anchored.code).toBe(1);
    expect(anchored.out).toContain('DIVERGENCE: the kept checkpoint 1: its signature does not verify');

    expect((await verify()).code).toBe(0); // everything put back
  });

  test('the evidence pack: certificate, evidence, chain, checkpoint and proof, checked offline; its reading is a fact', async () => {
    const res = await download(svc.baseUrl, `/v1/customers/${customerId}/evidence-pack`, apiKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const out = mkdtempSync(path.join(os.tmpdir(), 'mca-pack-'));
    const names = await unzipTo(res.bytes, out);
    expect(names).toEqual(
      expect.arrayContaining(['certificate.pdf', 'events.json', 'checkpoint.txt', 'inclusion-proof.json', 'VERIFY.md', 'verify-pack.mjs', 'manifest.json']),
    );
    expect(names.filter((n) => n.startsWith('evidence/'))).toEqual(['evidence/written-scan-signed-mca.pdf']);
    expect(readFileSync(path.join(out, 'certificate.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const events = JSON.parse(readFileSync(path.join(out, 'events.json'), 'utf8')) as Array<{ type: string; data: Record<string, unknown> }>;
    expect(events.at(-1)).toMatchObject({ type: 'evidence.read', data: { what: 'evidence-pack' } });

    const vkey = readFileSync(path.join(out, 'verifier-key.txt'), 'utf8').trim();
    const run = () =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(process.execPath, ['verify-pack.mjs', '.', vkey], { cwd: out, env: { PATH: process.env.PATH } }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code) : 0, out: `${stdout}${stderr}` }),
        ),
      );
    const ok = await run();
    expect(ok.out).toContain('inclusion: seq');
    expect(ok.out.trim().endsWith('OK')).toBe(true);
    expect(ok.code).toBe(0);

    const scan = path.join(out, 'evidence/written-scan-signed-mca.pdf');
    writeFileSync(scan, Buffer.concat([readFileSync(scan), Buffer.from('% appended\n')]));
    const swapped = await run();
    expect(swapped.code).toBe(1);
    expect(swapped.out).toMatch(/FAILED: evidence\/written-scan-signed-mca\.pdf hashes to [a-f0-9]{64}, recorded [a-f0-9]{64}/);

    // Another partner's customer: 404, and nothing appended to this chain.
    const other = await createPartner(svc.baseUrl, { name: 'Someone Else AS' });
    const before = (await chainOf(customerId)).length;
    expect((await download(svc.baseUrl, `/v1/customers/${customerId}/evidence-pack`, other.apiKey)).status).toBe(404);
    expect((await chainOf(customerId)).length).toBe(before);
    expect((await verify()).code).toBe(0);
  });

  test('a CSV import begins one chain per created customer, and a re-import appends nothing', async () => {
    const partner = await createPartner(svc.baseUrl, { name: 'Import Vault AS' });
    const tenants = Array.from({ length: 450 }, () => TENANT()); // more than one batch of 200
    const csv = ['tenantId,name,country,language', ...tenants.map((t, i) => `${t},Kunde ${i} AS,NO,nb-NO`)].join('\n');
    const importCsv = () => call(svc.baseUrl, 'POST', '/v1/customers/import', { token: partner.apiKey, body: csv, contentType: 'text/csv' });
    expect((await importCsv()).body).toMatchObject({ created: 450, existing: 0 });
    const events = await svc.ctx.models.auditEvents.find({ partnerId: new Types.ObjectId(partner.id) }).lean();
    expect(events).toHaveLength(450);
    expect(events.every((e) => e.type === 'customer.created' && e.seq === 1 && e.prevHash === GENESIS_HASH && eventHash(hashedFieldsOf(e)) === e.hash)).toBe(
      true,
    );
    expect(new Set(events.map((e) => e.data.tenantId))).toEqual(new Set(tenants));
    const customers = await svc.ctx.models.customers.find({ partnerId: partner.id }, { _id: 1 }).lean();
    expect(new Set(events.map((e) => e.customerId.toString()))).toEqual(new Set(customers.map((c) => c._id.toString())));

    expect((await importCsv()).body).toMatchObject({ created: 0, existing: 450 });
    expect(await svc.ctx.models.auditEvents.countDocuments({ partnerId: new Types.ObjectId(partner.id) })).toBe(450);

    // The API reads the same chain, paged by seq.
    const first = customers[0]!._id.toString();
    const page = await call(svc.baseUrl, 'GET', `/v1/customers/${first}/audit-events?limit=1`, { token: partner.apiKey });
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([expect.objectContaining({ seq: 1, type: 'customer.created', prevHash: GENESIS_HASH })]);
    expect(page.body.nextCursor).toBeNull();
    expect((await verify()).code).toBe(0);
  });

  test('a review decision is a review.decided event with the note as a digest only; verify stays green', async () => {
    const email = 'ann@review-vault.example';
    const customer = await createCustomer(svc.baseUrl, apiKey, { country: 'GB', language: 'en' });
    const created = await call(svc.baseUrl, 'POST', `/v1/customers/${customer.id}/consent-requests`, {
      token: apiKey,
      json: { channel: 'email', representative: { firstName: 'Ann', lastName: 'Lee', email } },
    });
    const mail = await svc.smtp.waitFor((m) => m.envelope.to.includes(email));
    const path_ = `/v1/customers/${customer.id}/consent-requests/${created.body.id}`;
    const status = async () => (await call(svc.baseUrl, 'GET', path_, { token: apiKey })).body.status;
    await waitFor(async () => ((await status()) === 'sent' ? true : undefined), 'sent');
    await postEmail(svc.baseUrl, await buildReply({ original: mail, from: email, body: 'Yes, fine by us, go ahead', dmarc: 'fail' }), INBOUND_SECRET);
    await waitFor(
      async () => ((await svc.ctx.models.inboundEmails.exists({ requestId: created.body.id, outcome: 'needs-review' })) ? true : undefined),
      'in review',
    );

    const note = 'confirmed by phone with Ann Lee';
    expect((await call(svc.baseUrl, 'POST', `${path_}/review`, { token: apiKey, json: { decision: 'accept', note } })).status).toBe(200);
    const chain = await chainOf(customer.id);
    const decided = chain.filter((e) => e.type === 'review.decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.data).toEqual({
      requestId: created.body.id,
      decision: 'accepted',
      by: expect.stringMatching(/^partner [a-f0-9]{24}$/),
      noteSha256: createHash('sha256').update(note).digest('hex'),
    });
    expect(JSON.stringify(decided)).not.toContain('Ann Lee');
    expect(chain.map((e) => e.type)).toEqual(
      expect.arrayContaining(['request.created', 'email.sent', 'reply.received', 'reply.classified', 'consent.recorded']),
    );
    // A second decision is refused and appends nothing.
    expect((await call(svc.baseUrl, 'POST', `${path_}/review`, { token: apiKey, json: { decision: 'reject', note } })).status).toBe(409);
    expect((await chainOf(customer.id)).filter((e) => e.type === 'review.decided')).toHaveLength(1);
    const verified = await verify();
    expect(verified.out).toMatch(/intact/);
    expect(verified.code).toBe(0);
  });
});
