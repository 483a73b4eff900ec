import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { openCustomer } from '@mca/core';
import { call, createPartner, TENANT } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';

const HEADER = 'tenantId,name,country,language,firstName,lastName,email,phone';

/** POST /v1/customers/import with a CSV body. */
const importCsv = (svc: TestService, apiKey: string, csv: string | Buffer, query = '', contentType = 'text/csv') =>
  call(svc.baseUrl, 'POST', `/v1/customers/import${query}`, { token: apiKey, body: csv, contentType });

describe('CSV import of customers', () => {
  let svc: TestService;
  let a: { apiKey: string; id: string };
  let b: { apiKey: string; id: string };

  beforeAll(async () => {
    svc = await startTestService({ env: { MAX_IMPORT_BYTES: String(256 * 1024) } });
    a = await createPartner(svc.baseUrl, { name: 'Import A' });
    b = await createPartner(svc.baseUrl, { name: 'Import B' });
  });
  afterAll(async () => svc?.stop());

  const customersOf = async (partnerId: string) =>
    Promise.all((await svc.ctx.models.customers.find({ partnerId }).sort({ _id: 1 }).lean()).map((c) => openCustomer(svc.ctx.vault, c)));

  test('quoted fields with commas and newlines, BOM, CRLF, bad rows reported at the line they start on', async () => {
    const [t1, t2, t3, t4] = [TENANT(), TENANT(), TENANT(), TENANT()];
    const csv =
      '\ufeff' +
      [
        HEADER, // 1
        `${t1},"Kunde, Regnskap AS",NO,nb-NO,Ola,Nordmann,OLA@kunde.example,+47 22 00 00 00`, // 2
        `${t2},"Line one`, // 3: the record starts here, its name spans lines 3-4
        `line two",SE,sv,,,,`, // 4
        `not-a-guid,Bad,NO,nb,,,,`, // 5
        ``, // 6: blank
        `${t3},"Quote ""inside"" 
and newline",Norway,nb,Kari,,kari@kunde.example,`, // 7-8
        `${t4},Fine,DK,da,Kari,Holm,not-an-email,`, // 9
        `${TENANT()},Too,many,fields,a,b,c,d,e`, // 10
        `${TENANT()},Typo AS,XX,nb,,,,`, // 11: two letters, but no country's
      ].join('\r\n') +
      '\r\n';
    const res = await importCsv(svc, a.apiKey, Buffer.from(csv, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(2);
    expect(res.body.existing).toBe(0);
    expect(res.body.invalidCount).toBe(5);
    expect(res.body.invalid.map((i: { line: number }) => i.line)).toEqual([5, 7, 9, 10, 11]);
    expect(res.body.invalid[0].message).toMatch(/^tenantId: must be a GUID/);
    expect(res.body.invalid[1].message).toMatch(/country/);
    expect(res.body.invalid[1].message).toMatch(/lastName/);
    expect(res.body.invalid[2].message).toMatch(/^email: /);
    expect(res.body.invalid[3].message).toMatch(/9 fields; the header has 8/);
    expect(res.body.invalid[4].message).toMatch(/^country: .*not assigned/);

    const stored = await customersOf(a.id);
    expect(stored.map((c) => c.name)).toEqual(['Kunde, Regnskap AS', 'Line one\r\nline two']);
    expect(stored[0]).toMatchObject({
      tenantId: t1,
      country: 'NO',
      representative: { firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example', phone: '+47 22 00 00 00' },
    });
    expect(stored[1]?.representative).toBeUndefined();

    // The default representative is shown on the customer and asked when a request names nobody.
    const shown = await call(svc.baseUrl, 'GET', `/v1/customers/${stored[0]?._id}`, { token: a.apiKey });
    expect(shown.body.representative).toEqual({ firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example', phone: '+47 22 00 00 00' });
    expect(shown.body.mca).toEqual({ status: 'not-requested' });
    const asked = await call(svc.baseUrl, 'POST', `/v1/customers/${stored[0]?._id}/consent-requests`, { token: a.apiKey, json: { channel: 'email' } });
    expect(asked.status).toBe(202);
    expect(asked.body.representative.email).toBe('ola@kunde.example');
    const nobody = await call(svc.baseUrl, 'POST', `/v1/customers/${stored[1]?._id}/consent-requests`, { token: a.apiKey, json: { channel: 'email' } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.code).toBe('REPRESENTATIVE_REQUIRED');
  });

  test('POST /v1/customers takes the same default representative, validated by the same schema', async () => {
    const tenantId = TENANT();
    const bad = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: a.apiKey,
      json: { tenantId, name: 'Rep AS', country: 'NO', language: 'nb', representative: { firstName: 'Kari', lastName: 'Holm', email: 'nope' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['representative.email']);
    const created = await call(svc.baseUrl, 'POST', '/v1/customers', {
      token: a.apiKey,
      json: { tenantId, name: 'Rep AS', country: 'NO', language: 'nb', representative: { firstName: 'Kari', lastName: 'Holm', email: 'Kari@Kunde.example' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.representative).toEqual({ firstName: 'Kari', lastName: 'Holm', email: 'kari@kunde.example' });
    // The body's representative, when given, is the one asked.
    const asked = await call(svc.baseUrl, 'POST', `/v1/customers/${created.body.id}/consent-requests`, {
      token: a.apiKey,
      json: { channel: 'email', representative: { firstName: 'Per', lastName: 'Holm', email: 'per@kunde.example' } },
    });
    expect(asked.status).toBe(202);
    expect(asked.body.representative.email).toBe('per@kunde.example');
  });

  test('dry run writes nothing; re-import counts existing; a tenant twice in a file is existing; partners are separate', async () => {
    const tenants = [TENANT(), TENANT(), TENANT()];
    const csv = ['tenantId,name,country,language', ...tenants.map((t, i) => `${t},Customer ${i},NO,nb`), `${tenants[0]},Again in the file,NO,nb`].join('\n');

    const before = (await customersOf(b.id)).length;
    const dry = await importCsv(svc, b.apiKey, csv, '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ created: 3, existing: 1, invalid: [], invalidCount: 0 });
    expect(await customersOf(b.id)).toHaveLength(before);

    expect((await importCsv(svc, b.apiKey, csv)).body).toEqual({ created: 3, existing: 1, invalid: [], invalidCount: 0 });
    expect((await importCsv(svc, b.apiKey, csv)).body).toEqual({ created: 0, existing: 4, invalid: [], invalidCount: 0 });
    expect((await importCsv(svc, b.apiKey, csv, '?dryRun=true')).body).toEqual({ created: 0, existing: 4, invalid: [], invalidCount: 0 });
    expect(await customersOf(b.id)).toHaveLength(before + 3);

    // The same tenants for partner A are new to A, and A's import does not touch or reveal B's.
    expect((await importCsv(svc, a.apiKey, csv)).body).toEqual({ created: 3, existing: 1, invalid: [], invalidCount: 0 });
    const bList = await call(svc.baseUrl, 'GET', '/v1/customers?limit=200', { token: b.apiKey });
    expect(bList.body.items.map((c: { name: string }) => c.name)).not.toContain('Again in the file');
    expect(bList.body.items.filter((c: { tenantId: string }) => tenants.includes(c.tenantId))).toHaveLength(3);
  });

  test('a bad header is a 400 naming the column; the wrong content type is 415; an unclosed quote costs only its line', async () => {
    const missing = await importCsv(svc, a.apiKey, 'tenantId,name,country\n');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'CSV_HEADER_INVALID', column: 'language' });
    expect(missing.body.detail).toMatch(/"language"/);
    const unknown = await importCsv(svc, a.apiKey, 'tenantId,name,country,language,vatNumber\n');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'CSV_HEADER_INVALID', column: 'vatNumber' });
    expect((await importCsv(svc, a.apiKey, '')).body.code).toBe('CSV_HEADER_INVALID');

    const json = await call(svc.baseUrl, 'POST', '/v1/customers/import', { token: a.apiKey, json: { tenantId: TENANT() } });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await importCsv(svc, a.apiKey, 'tenantId,name,country,language\n', '', 'text/csv; charset=iso-8859-1')).status).toBe(415);

    // A broken quote costs its own line only: the rows after it are read, here two of them up
    // to a quoted field whose quote the broken one would have paired with, then one at the very end.
    const after = [TENANT(), TENANT(), TENANT()];
    const broken = await importCsv(
      svc,
      a.apiKey,
      `tenantId,name,country,language\r\n${TENANT()},Ok,NO,nb\r\n${TENANT()},"never closed,NO,nb\r\n${after[0]},Kept,NO,nb\r\n${after[1]},"Kept, quoted",NO,nb\r\n` +
        `${TENANT()},Stray "quote,NO,nb\r\n${after[2]},Kept too,NO,nb\r\n${TENANT()},"open at the end,NO,nb\r\n`,
    );
    expect(broken.status).toBe(200);
    expect(broken.body.invalid).toEqual([
      { line: 3, message: expect.stringMatching(/^CSV syntax: .*the line was skipped$/) },
      { line: 6, message: expect.stringMatching(/^CSV syntax: .*the line was skipped$/) },
      { line: 8, message: expect.stringMatching(/^CSV syntax: .*the line was skipped$/) },
    ]);
    expect(broken.body.created).toBe(4);
    const names = (await call(svc.baseUrl, 'GET', '/v1/customers?limit=100', { token: a.apiKey })).body.items
      .filter((c: { tenantId: string }) => after.includes(c.tenantId))
      .map((c: { name: string }) => c.name);
    expect(names.sort()).toEqual(['Kept', 'Kept too', 'Kept, quoted']);
  });

  test('an oversize body is refused with 413 while it streams, not after', async () => {
    // No Content-Length: the server can only find out by counting; the body never ends on its own.
    const answer = await new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
      const req = http.request(`${svc.baseUrl}/v1/customers/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.apiKey}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
      });
      let sentBytes = 0;
      let answered = false;
      // Rows that fail validation: no database writes, so the server reads as fast as it can.
      const rows = 'not-a-guid,Padding row for the size limit,NO,nb\n'.repeat(100);
      const pump = () => {
        if (sentBytes === 0) req.write('tenantId,name,country,language\n');
        // Only as fast as the server reads (backpressure): what was sent is what it accepted.
        while (!answered && req.write(rows)) sentBytes += rows.length;
        if (!answered) req.once('drain', pump);
      };
      pump();
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentBytes }));
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // The body never ends: an answer at all means it was refused while streaming. What was sent
    // beyond the limit sat in the loopback socket buffers (a few MB), it was never read whole.
    expect(answer.sentBytes).toBeGreaterThan(256 * 1024);

    const announced = await importCsv(svc, a.apiKey, Buffer.alloc(300 * 1024, 'a'));
    expect(announced.status).toBe(413);
  });

  test('the import is one call on the rate limit', async () => {
    const limited = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const p = await createPartner(limited.baseUrl, { name: 'Limited' });
      const csv = ['tenantId,name,country,language', ...Array.from({ length: 50 }, (_, i) => `${TENANT()},C${i},NO,nb`)].join('\n');
      const res = await importCsv(limited, p.apiKey, csv);
      expect(res.body.created).toBe(50);
      expect((await call(limited.baseUrl, 'GET', '/v1/customers', { token: p.apiKey })).status).toBe(200);
      expect((await call(limited.baseUrl, 'GET', '/v1/customers', { token: p.apiKey })).status).toBe(200);
      expect((await call(limited.baseUrl, 'GET', '/v1/customers', { token: p.apiKey })).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  test('a 20,000-row file streams in while the API keeps answering /healthz', async () => {
    const ROWS = Number(process.env.IMPORT_TEST_ROWS ?? 20_000);
    const big = await startTestService();
    try {
      const p = await createPartner(big.baseUrl, { name: 'Big' });
      function* rows() {
        yield 'tenantId,name,country,language,firstName,lastName,email\n';
        // In pieces of 500 rows (about 50 KB), as a client's file upload would come.
        for (let i = 0; i < ROWS; i += 500) {
          let piece = '';
          for (let j = i; j < Math.min(ROWS, i + 500); j++) piece += `${TENANT()},"Customer ${j}, Ltd",NO,nb-NO,Ola,Nordmann,ola${j}@kunde.example\n`;
          yield piece;
        }
      }
      let probing = true;
      const gaps: number[] = [];
      const probe = (async () => {
        let last = Date.now();
        while (probing) {
          const res = await fetch(`${big.baseUrl}/healthz`);
          expect(res.status).toBe(200);
          await res.arrayBuffer();
          const now = Date.now();
          gaps.push(now - last);
          last = now;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const started = Date.now();
      const res = await fetch(`${big.baseUrl}/v1/customers/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.apiKey}`, 'content-type': 'text/csv' },
        body: Readable.toWeb(Readable.from(rows())) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const body = await res.json();
      probing = false;
      await probe;
      loop.disable();
      const sorted = [...gaps].sort((x, y) => x - y);
      const maxGap = sorted[sorted.length - 1] ?? 0;
      const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
      console.log(
        `import of ${ROWS} rows: ${Date.now() - started} ms, ${gaps.length} health probes, gap p95 ${p95} ms, longest ${maxGap} ms, longest event-loop delay ${Math.round(loop.max / 1e6)} ms (p99 ${Math.round(loop.percentile(99) / 1e6)} ms)`,
      );
      expect(res.status).toBe(200);
      expect(body).toEqual({ created: ROWS, existing: 0, invalid: [], invalidCount: 0 });
      expect(await big.ctx.models.customers.countDocuments({ partnerId: p.id })).toBe(ROWS);
      // /healthz kept answering throughout (probes every 50 ms): an import that held the event
      // loop would show one gap about as long as the import itself. Judged against the import's
      // own duration in the same run, not a fixed bound: this shared machine's speed drifts 5x
      // (the absolute gaps are in the log line above and in npm run bench).
      const took = Date.now() - started;
      expect(gaps.length).toBeGreaterThan(10);
      expect(maxGap).toBeLessThan(took / 4);
    } finally {
      await big.stop();
    }
  }, 600_000);
});
