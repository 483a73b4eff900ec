import { z } from 'zod';
import * as S from '../schemas';

/**
 * Turns the route table (openapi.ts) into an OpenAPI 3.1 document: named zod schemas become
 * `components.schemas` (referenced, not inlined), path and query parameters are read from the
 * zod schemas the routes validate with, and every operation gets the problem responses its
 * guard and its input can produce, so a route's entry only says what is particular to it.
 */
type Json = Record<string, unknown>;
type Guard = 'partner' | 'admin' | 'inbound' | 'docusign' | 'console' | 'none';

export interface Operation {
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** A path kept as an alias of another. */
  deprecated?: boolean;
  /** Who may call it; decides 401/403/429 and the security requirement. Default: partner. */
  guard?: Guard;
  /** The zod schema of req.params / req.query, as validate() reads them. */
  path?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body (a zod schema), or a request body object as it is to appear. */
  body?: z.ZodType | Json;
  /** Success responses: status -> response (see ok(), empty(), raw()). */
  responses: Record<string, Response>;
  /** Problems particular to this route: status -> what it means (the codes). */
  problems?: Record<string, string>;
}

/** A response; `schema` (a zod schema exported from schemas.ts) becomes a JSON body referencing its component. */
export interface Response {
  description: string;
  schema?: z.ZodType;
  content?: Json;
  headers?: Json;
}

export type RouteTable = Record<`${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`, Operation>;

const schemaName = (s: z.ZodType): string => {
  const name = Object.entries(S).find(([, v]) => v === s)?.[0];
  if (!name) throw new Error('a schema in the OpenAPI document must be exported from schemas.ts');
  return name;
};

const SECURITY: Record<Guard, Json[] | undefined> = {
  partner: [{ apiKey: [] }],
  admin: [{ admin: [] }],
  inbound: [{ inbound: [] }],
  docusign: [],
  console: [{ consoleSession: [] }, { apiKey: [] }],
  none: [],
};

export function buildDocument(publicUrl: string, info: Json, routes: RouteTable, webhooks: Record<string, Operation>) {
  // Named schemas by direction: a request body is read as input (defaults optional), a response as output.
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  // Nested in several bodies: referenced rather than repeated.
  for (const shared of [S.Representative, S.PartnerCenterIdentity]) inputs.add(shared, { id: schemaName(shared) });
  outputs.add(S.Problem, { id: 'Problem' });

  const ref = (registry: typeof inputs, s: z.ZodType) => {
    const id = schemaName(s);
    if (!registry.has(s)) registry.add(s, { id });
    return { $ref: `#/components/schemas/${id}` };
  };
  const json = (schema: Json) => ({ 'application/json': { schema } });
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

  const parameters = (s: z.ZodObject | undefined, where: 'path' | 'query') => {
    if (!s) return [];
    const js = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(js.properties ?? {}).map(([name, schema]) => {
      const { description, ...rest } = schema;
      return { name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
    });
  };

  const response = ({ schema, ...r }: Response): Json => (schema ? { ...r, content: json(ref(outputs, schema)) } : r);

  const operation = (op: Operation): Json => {
    const guard = op.guard ?? 'partner';
    const jsonBody = op.body instanceof z.ZodType;
    const takesInput = jsonBody || op.path || op.query || op.body;
    const problems: Record<string, Json> = {
      ...(takesInput ? { '400': problem('VALIDATION_FAILED: the input is invalid (`errors` lists each issue)') } : {}),
      ...(guard === 'partner'
        ? {
            '401': problem('UNAUTHENTICATED: missing or unknown API key'),
            '403': problem("FORBIDDEN_SCOPE: the key's scope does not cover this call (an orders key may only call POST /v1/orders/authorize)"),
            '429': {
              ...problem("RATE_LIMITED: the partner's budget for this kind of call is spent (a budget per minute, set by the deployment)"),
              headers: { 'Retry-After': { description: 'seconds until the budget refills', schema: { type: 'integer' } } },
            },
          }
        : {}),
      ...(guard === 'admin'
        ? { '401': problem('UNAUTHENTICATED: missing or wrong admin token'), '403': problem('FORBIDDEN: the admin API is disabled (ADMIN_TOKEN is not set)') }
        : {}),
      ...(guard === 'inbound'
        ? {
            '401': problem('UNAUTHENTICATED: missing or wrong INBOUND_EMAIL_SECRET'),
            '403': problem('FORBIDDEN: the webhook is disabled (INBOUND_EMAIL_SECRET is not set)'),
          }
        : {}),
      ...(guard === 'console' ? { '403': problem('CSRF token missing or wrong') } : {}),
      ...(op.path && (guard === 'partner' || guard === 'console') ? { '404': problem("NOT_FOUND: no such object (or another partner's)") } : {}),
      ...(jsonBody ? { '413': problem('PAYLOAD_TOO_LARGE: the JSON body is too large'), '415': problem('UNSUPPORTED_MEDIA_TYPE: send application/json') } : {}),
      ...Object.fromEntries(Object.entries(op.problems ?? {}).map(([status, description]) => [status, problem(description)])),
      ...(guard === 'none' ? {} : { '503': problem('SERVICE_UNAVAILABLE: the queue (Redis) is unavailable; try again shortly') }),
      '500': problem('INTERNAL: an error of ours, logged with the request id'),
    };
    const security = SECURITY[guard];
    return {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.deprecated ? { deprecated: true } : {}),
      ...(security && security.length ? { security } : { security: [] }),
      parameters: [...parameters(op.path, 'path'), ...parameters(op.query, 'query')],
      ...(op.body ? { requestBody: jsonBody ? { required: true, content: json(ref(inputs, op.body as z.ZodType)) } : op.body } : {}),
      responses: { ...Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, response(r)])), ...problems },
    };
  };

  const paths: Record<string, Record<string, Json>> = {};
  for (const [route, op] of Object.entries(routes)) {
    const [method, path] = route.split(' ') as [string, string];
    (paths[path] ??= {})[method.toLowerCase()] = operation(op);
  }
  const webhookItems = Object.fromEntries(
    Object.entries(webhooks).map(([event, op]) => {
      const post = operation({ ...op, guard: 'none' });
      // Only what the partner's receiver answers matters: our own problem responses do not apply.
      post.responses = onlySuccess(post.responses as Json);
      return [event, { post }];
    }),
  );

  const components = (registry: typeof inputs, io: 'input' | 'output') =>
    Object.fromEntries(
      Object.entries(
        (z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Json> }).schemas,
      ).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
    );
  const outputSchemas = components(outputs, 'output');
  const inputSchemas = components(inputs, 'input');
  const clash = Object.keys(inputSchemas).find((id) => id in outputSchemas);
  if (clash) throw new Error(`${clash} is both a request and a response schema: give each direction its own export`);

  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: publicUrl }],
    components: {
      schemas: { ...outputSchemas, ...inputSchemas },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: "a partner's API key (mca_…); scope full, or orders for POST /v1/orders/authorize only" },
        admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        inbound: { type: 'http', scheme: 'bearer', description: 'INBOUND_EMAIL_SECRET' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'mca_console', description: 'the partner console session (POST /sign-in)' },
      },
    },
    paths,
    webhooks: webhookItems,
  };
}

const onlySuccess = (responses: Json) => Object.fromEntries(Object.entries(responses).filter(([status]) => status.startsWith('2')));

/** A JSON response of a schema exported from schemas.ts (a component). */
export const ok = (schema: z.ZodType, description: string): Response => ({ description, schema });
export const empty = (description: string): Response => ({ description });
export const raw = (contentType: string, description: string, schema: Json = { type: 'string' }): Response => ({
  description,
  content: { [contentType]: { schema } },
});
