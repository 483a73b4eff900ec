import { ADMIN_TOKEN } from './service';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Plain fetch against the running API, as a partner's integration would call it. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; body?: RequestInit['body']; contentType?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  if (opts.contentType) headers['content-type'] = opts.contentType;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** A binary GET (evidence documents): the bytes as sent, with the headers. */
export async function download(baseUrl: string, path: string, token: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The Repr-Digest header (RFC 9530) of a download, as a hex SHA-256. */
export const digestOf = (headers: Headers) => Buffer.from(/^sha-256=:([^:]+):$/.exec(headers.get('repr-digest') ?? '')?.[1] ?? '', 'base64').toString('hex');

export const TENANT = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));

/** Admin creates a partner; returns its API key (and webhook secret). */
export async function createPartner(
  baseUrl: string,
  body: { name: string; notifyEmail?: string; webhookUrl?: string; partnerCenter?: { tenantId?: string; mpnId?: string } },
) {
  const res = await call(baseUrl, 'POST', '/v1/partners', { token: ADMIN_TOKEN, json: body });
  if (res.status !== 201) throw new Error(`create partner: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; apiKey: string; webhookSecret?: string };
}

export async function createCustomer(baseUrl: string, apiKey: string, body: { tenantId?: string; name?: string; country?: string; language?: string } = {}) {
  const res = await call(baseUrl, 'POST', '/v1/customers', {
    token: apiKey,
    json: { tenantId: TENANT(), name: 'Fjordkraft Regnskap AS', country: 'NO', language: 'nb-NO', ...body },
  });
  if (res.status !== 201) throw new Error(`create customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; tenantId: string };
}

const SIGNED_COPY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A signed copy (a consent collected on paper): the quickest way to an accepted, unlocked customer (and a customer.unlocked event). */
export async function uploadSignedCopy(baseUrl: string, apiKey: string, customerId: string) {
  const f = new FormData();
  for (const [k, v] of Object.entries({ firstName: 'Ola', lastName: 'Nordmann', email: 'ola@kunde.example', dateAgreed: '2024-03-01' })) f.append(k, v);
  f.append('evidence', new Blob([SIGNED_COPY_PDF]), 'signed-mca.pdf');
  const res = await call(baseUrl, 'POST', `/v1/customers/${customerId}/signed-copies`, { token: apiKey, body: f });
  if (res.status !== 201) throw new Error(`signed copy: ${res.status} ${JSON.stringify(res.body)}`);
}
