import { QUEUES, type QueueName } from '@mca/core';
import { createApp } from '@mca/api';
import { call, createCustomer, createPartner, type ApiResponse } from '../harness/api-client';
import { startTestService, type TestService } from '../harness/service';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const REPRESENTATIVE = { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@kunde-a.example' };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  params: string[];
  hasBody: boolean;
}

/**
 * Object-level authorization, swept over the whole API: every operation of /openapi.json
 * with an id in its path is called as partner B with partner A's real ids, and must answer
 * 404 and change nothing of A's. The operations come from the document, so a route added
 * later is swept too; one the sweep cannot fill fails by name instead of being skipped.
 */
describe('object-level authorization: partner B with partner A ids', () => {
  let svc: TestService;
  let a: string;
  let b: string;
  /** A's objects, by the collection segment and parameter that name them in a path. */
  let ids: { customerWithRequest: string; customerWithRecord: string; request: string; record: string; apiKey: string; campaign: string };
  let partnerA: string;

  beforeAll(async () => {
    // No workers: whatever is enqueued stays in the queue, where the sweep can count it.
    svc = await startTestService({ workers: false });
    const createdA = await createPartner(svc.baseUrl, { name: 'Partner A', notifyEmail: 'ops@partner-a.example' });
    a = createdA.apiKey;
    partnerA = createdA.id;
    b = (await createPartner(svc.baseUrl, { name: 'Partner B' })).apiKey;

    const withRequest = await createCustomer(svc.baseUrl, a);
    const request = await call(svc.baseUrl, 'POST', `/v1/customers/${withRequest.id}/consent-requests`, {
      token: a,
      json: { channel: 'email', representative: REPRESENTATIVE },
    });
    expect(request.status).toBe(202);

    const withRecord = await createCustomer(svc.baseUrl, a);
    const attested = await call(svc.baseUrl, 'POST', `/v1/customers/${withRecord.id}/signed-copies`, { token: a, body: signedCopyForm() });
    expect(attested.status).toBe(201);
    const records = await call(svc.baseUrl, 'GET', `/v1/customers/${withRecord.id}/consent-records`, { token: a });
    expect(records.body.items[0].evidence.documents.map((d: { name: string }) => d.name)).toEqual(['scan']);

    // A second key of A's, so deleting it would not be refused as A's last full key.
    const key = await call(svc.baseUrl, 'POST', '/v1/api-keys', { token: a, json: { name: 'ordering system', scope: 'orders' } });
    expect(key.status).toBe(201);

    const campaign = await call(svc.baseUrl, 'POST', '/v1/campaigns', { token: a, json: { channel: 'email' } });
    expect(campaign.status).toBe(202);

    ids = {
      customerWithRequest: withRequest.id,
      customerWithRecord: withRecord.id,
      request: request.body.id,
      record: records.body.items[0].id,
      apiKey: key.body.id,
      campaign: campaign.body.id,
    };
  });
  afterAll(async () => svc?.stop());

  /**
   * The table: how each path parameter is filled with one of A's ids, keyed by the collection
   * it follows. A customer's id is the one holding the record when the path goes on to a
   * record, else the one with a pending request (so cancel or resend would succeed for A).
   */
  const PATH_IDS: Record<string, (op: Operation) => string> = {
    'customers/{id}': (op) => (op.params.includes('recordId') ? ids.customerWithRecord : ids.customerWithRequest),
    'consent-requests/{requestId}': () => ids.request,
    // The console's paths (HTML; a bearer key gets problem documents).
    'requests/{requestId}': () => ids.request,
    'records/{recordId}': () => ids.record,
    'consent-records/{recordId}': () => ids.record,
    'documents/{name}': () => 'scan',
    'api-keys/{id}': () => ids.apiKey,
    'campaigns/{id}': () => ids.campaign,
  };
  /** Bodies that would do something for A, per method and the last literal segment of the path. */
  const BODIES: Record<string, () => { json?: unknown; body?: FormData }> = {
    'POST consent-requests': () => ({ json: { channel: 'email', representative: REPRESENTATIVE } }),
    'POST signed-copies': () => ({ body: signedCopyForm() }),
    'POST attestations': () => ({ body: signedCopyForm() }), // the alias of signed-copies
    'POST review': () => ({ json: { decision: 'accept', note: 'confirmed by phone' } }),
  };

  function fill(op: Operation): { url: string } | { missing: string } {
    let url = op.path;
    for (const param of op.params) {
      const segments = op.path.split('/');
      const key = `${segments[segments.indexOf(`{${param}}`) - 1]}/{${param}}`;
      const value = PATH_IDS[key];
      if (!value) return { missing: `add fixture ids for ${key} (${op.method.toUpperCase()} ${op.path}) to PATH_IDS` };
      url = url.replace(`{${param}}`, encodeURIComponent(value(op)));
    }
    return { url };
  }

  function bodyFor(op: Operation): { json?: unknown; body?: FormData } | { missing: string } {
    if (!op.hasBody) return {};
    const literal = op.path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .at(-1);
    const make = BODIES[`${op.method.toUpperCase()} ${literal}`];
    return make ? make() : { missing: `add a request body for ${op.method.toUpperCase()} ${op.path} to BODIES` };
  }

  async function stateOfA() {
    const m = svc.ctx.models;
    const customerIds = [ids.customerWithRequest, ids.customerWithRecord];
    const [customers, requests, records, notifications, evidence, apiKeys, campaigns] = await Promise.all([
      m.customers
        .find({ _id: { $in: customerIds } })
        .sort({ _id: 1 })
        .lean(),
      m.consentRequests
        .find({ customerId: { $in: customerIds } })
        .sort({ _id: 1 })
        .lean(),
      m.consentRecords
        .find({ customerId: { $in: customerIds } })
        .sort({ _id: 1 })
        .lean(),
      m.notifications.countDocuments(),
      svc.ctx.db.conn.db!.collection('evidence.files').countDocuments(),
      m.apiKeys.find({ partnerId: partnerA }, { lastUsedAt: 0 }).sort({ _id: 1 }).lean(),
      m.campaigns.find({ partnerId: partnerA }).sort({ _id: 1 }).lean(),
    ]);
    const jobs: Record<string, unknown> = {};
    for (const name of Object.keys(QUEUES) as QueueName[]) jobs[name] = await svc.ctx.queues.queue(name).getJobCounts();
    return JSON.parse(JSON.stringify({ customers, requests, records, notifications, evidence, apiKeys, campaigns, jobs, mails: svc.smtp.received.length }));
  }

  test('every operation with an id in its path answers 404 to another partner and changes nothing', async () => {
    const doc = (await call(svc.baseUrl, 'GET', '/openapi.json')).body;
    const operations: Operation[] = Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown }>>).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method,
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        hasBody: Boolean(item[method]!.requestBody),
      })),
    );
    const swept = operations.filter((op) => op.params.length > 0);
    expect(swept.length).toBeGreaterThanOrEqual(8);

    const before = await stateOfA();
    const failures: string[] = [];
    for (const op of swept) {
      const target = fill(op);
      const body = bodyFor(op);
      if ('missing' in target) failures.push(target.missing);
      if ('missing' in body) failures.push(body.missing);
      if ('missing' in target || 'missing' in body) continue;
      const res: ApiResponse = await call(svc.baseUrl, op.method.toUpperCase(), target.url, { token: b, ...body });
      const answer = { status: res.status, type: res.headers.get('content-type')?.split(';')[0], code: res.body?.code };
      if (answer.status !== 404 || answer.type !== 'application/problem+json' || answer.code !== 'NOT_FOUND') {
        failures.push(`${op.method.toUpperCase()} ${target.url} as partner B answered ${JSON.stringify(answer)}, not a 404 NOT_FOUND problem`);
      }
    }
    expect(failures).toEqual([]);
    expect(await stateOfA()).toEqual(before);

    // The ids were real: A reads what B was refused.
    for (const op of swept.filter((o) => o.method === 'get')) {
      const target = fill(op);
      if ('url' in target)
        expect({ url: target.url, status: (await call(svc.baseUrl, 'GET', target.url, { token: a })).status }).toEqual({ url: target.url, status: 200 });
    }
  });

  // Ids in a body or a listing, not the path: the same rule.
  test("B's order authorization for A's customer or tenant is 404; B's customer list holds none of A's", async () => {
    const tenantId = (await svc.ctx.models.customers.findById(ids.customerWithRecord, { tenantId: 1 }).lean())!.tenantId;
    for (const json of [{ customerId: ids.customerWithRecord }, { tenantId }]) {
      const res = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', { token: b, json: { ...json, action: 'new-order', program: 'CSP' } });
      expect({ json, status: res.status, code: res.body?.code }).toEqual({ json, status: 404, code: 'NOT_FOUND' });
      const mine = await call(svc.baseUrl, 'POST', '/v1/orders/authorize', { token: a, json: { ...json, action: 'new-order', program: 'CSP' } });
      expect(mine.status).toBe(200);
    }
    const list = await call(svc.baseUrl, 'GET', '/v1/customers', { token: b });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  test('/openapi.json lists every route the app has, so none escapes the sweep', async () => {
    const doc = (await call(svc.baseUrl, 'GET', '/openapi.json')).body;
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) => METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const routes = routesOf(createApp(svc.ctx));
    expect({ undocumented: routes.filter((r) => !documented.has(r)), missing: [...documented].filter((r) => !routes.includes(r)) }).toEqual({
      undocumented: [],
      missing: [],
    });
  });
});

function signedCopyForm(): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries({ ...REPRESENTATIVE, dateAgreed: '2026-11-02' })) f.append(k, v);
  f.append('evidence', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'signed-mca.pdf');
  return f;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** METHOD /path of every route in the express router stack, sub-routers included, as OpenAPI writes it. */
function routesOf(app: { router: unknown }): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        return paths.flatMap((p) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${p.replace(/:(\w+)/g, '{$1}')}`));
      }
      return layer.handle?.stack ? walk(layer.handle.stack) : [];
    });
  // The router's own types do not name `methods`; the runtime shape is the router package's.
  return walk((app.router as { stack: Layer[] }).stack);
}
