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
  opts: { token?: string; json?: unknown; body?: RequestInit['body']; contentType?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
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

export const TENANT = () =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));

/** Admin creates a partner; returns its API key (and webhook secret). */
export async function createPartner(baseUrl: string, body: { name: string; notifyEmail?: string; webhookUrl?: string }) {
  const res = await call(baseUrl, 'POST', '/v1/partners', { token: ADMIN_TOKEN, json: body });
  if (res.status !== 201) throw new Error(`create partner: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; apiKey: string; webhookSecret?: string };
}

export async function createCustomer(
  baseUrl: string,
  apiKey: string,
  body: { tenantId?: string; name?: string; country?: string; language?: string } = {},
) {
  const res = await call(baseUrl, 'POST', '/v1/customers', {
    token: apiKey,
    json: { tenantId: TENANT(), name: 'Fjordkraft Regnskap AS', country: 'NO', language: 'nb-NO', ...body },
  });
  if (res.status !== 201) throw new Error(`create customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; tenantId: string };
}
