import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PARTNER_EVENTS } from '@mca/core';
import { startTestService, type TestService } from '../harness/service';

const ROOT = path.resolve(__dirname, '../..');

/** The library is an ES module using import.meta: validated in a node process of its own. */
function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ ...result, version: validator.version }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, input: JSON.stringify(doc), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`validator did not run: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

type Op = {
  operationId?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }>;
  responses: Record<string, any>;
};

/** That every express route is in it (and nothing else) is object-authorization.test.ts's, which sweeps them all. */
describe('the OpenAPI document tells the truth', () => {
  let svc: TestService;
  let doc: any;
  let operations: Array<[string, Op]>;

  beforeAll(async () => {
    svc = await startTestService({ workers: false });
    doc = await (await fetch(`${svc.baseUrl}/openapi.json`)).json();
    operations = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([p, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${p}`, op] as [string, Op]),
    );
  });
  afterAll(async () => svc?.stop());

  test('it is a valid OpenAPI 3.1 document', () => {
    const result = validateOpenApi(doc);
    expect(result).toMatchObject({ valid: true, version: '3.1' });
    // The validator does refuse: a parameter in no known place, a response without a description.
    expect(validateOpenApi({ ...doc, paths: { ...doc.paths, '/broken': { get: { parameters: [{ name: 'x', in: 'nowhere' }], responses: {} } } } }).valid).toBe(
      false,
    );
    expect(validateOpenApi({ ...doc, paths: { ...doc.paths, '/broken': { get: { responses: { '200': { content: {} } } } } } }).valid).toBe(false);
  });

  test('every operation has a unique operationId and a tag', () => {
    const ids = [...operations, ...Object.entries(doc.webhooks).map(([k, v]: [string, any]) => [k, v.post] as [string, Op])].map(([, op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, op] of operations) expect({ key, tags: op.tags?.length }).toEqual({ key, tags: 1 });
  });

  test('query and path parameters carry the types and limits the routes validate with', () => {
    const params = (key: string) => Object.fromEntries(operations.find(([k]) => k === key)![1].parameters!.map((p) => [p.name, p.schema]));
    expect(params('GET /v1/customers')).toMatchObject({
      limit: { type: 'integer', minimum: 1, maximum: 200 },
      mcaStatus: { enum: expect.arrayContaining(['accepted']) },
    });
    expect(params('GET /v1/events')).toMatchObject({ limit: { type: 'integer', maximum: 500 }, after: { pattern: expect.any(String) } });
    expect(params('GET /v1/customers/{id}/consent-requests/{requestId}')).toMatchObject({
      id: { pattern: '^[a-f0-9]{24}$' },
      requestId: { pattern: '^[a-f0-9]{24}$' },
    });
    // No parameter left a bare string: each has a pattern, an enum, a format or another type.
    for (const [key, op] of operations) {
      for (const p of op.parameters ?? []) {
        const s = p.schema;
        expect({ key, name: p.name, typed: s.type !== 'string' || Boolean(s.pattern ?? s.enum ?? s.format ?? s.maxLength) }).toEqual({
          key,
          name: p.name,
          typed: true,
        });
      }
    }
  });

  test('every error a route can answer is documented as a problem document, 500 everywhere', async () => {
    for (const [key, op] of operations) {
      expect({ key, has500: '500' in op.responses }).toEqual({ key, has500: true });
      for (const [status, r] of Object.entries(op.responses)) {
        // 2xx answers and the console's 303 redirects are not errors.
        if (status.startsWith('2') || status.startsWith('3') || key === 'GET /readyz') continue;
        expect({ key, status, schema: r.content?.['application/problem+json']?.schema }).toEqual({
          key,
          status,
          schema: { $ref: '#/components/schemas/Problem' },
        });
      }
    }
    // Spot checks against the running API: what it answers is what the document lists.
    const answers: Array<[string, string, number]> = [
      ['GET /v1/customers', '/v1/customers', (await fetch(`${svc.baseUrl}/v1/customers`)).status],
      ['GET /v1/customers', '/v1/customers?limit=0', (await fetch(`${svc.baseUrl}/v1/customers?limit=0`)).status],
      ['POST /v1/partners', '/v1/partners', (await fetch(`${svc.baseUrl}/v1/partners`, { method: 'POST' })).status],
    ];
    for (const [key, , status] of answers) expect(Object.keys(operations.find(([k]) => k === key)![1].responses)).toContain(String(status));
  });

  test('shared schemas are components, referenced rather than repeated', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'Customer', 'ConsentRequest', 'Representative', 'CreateCustomerBody']),
    );
    const createCustomer = operations.find(([k]) => k === 'POST /v1/customers')![1] as any;
    expect(createCustomer.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateCustomerBody' });
    expect(doc.components.schemas.CreateCustomerBody.properties.representative.$ref).toBe('#/components/schemas/Representative');
  });

  test('the partner webhooks are in the webhooks section, one per event, with their body', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...PARTNER_EVENTS].sort());
    for (const event of PARTNER_EVENTS) {
      const ref = doc.webhooks[event].post.requestBody.content['application/json'].schema.$ref as string;
      const body = doc.components.schemas[ref.split('/').pop()!];
      expect(body.properties.type).toMatchObject({ const: event });
    }
  });
});
