import { PartnerCenterError } from './partner-center-error';
import { parsePartnerCenterError } from './parse-partner-center-error';
import type { PartnerCenterSettings } from './types';
import { asObject, decodeJson, readNumber, readString } from '../../../platform/src/wire/json-readers';

export const DEFAULT_SCOPE = 'https://api.partnercenter.microsoft.com/.default';
/** Renew this long before expiry so a token never runs out in the middle of a call. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface TokenSource {
  get(): Promise<string>;
  /** Forget a token Partner Center refused (revoked before its expiry): the next get() asks again. */
  invalidate(token: string): void;
}

interface TokenDeps {
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
}

export function createTokenSource(auth: PartnerCenterSettings['auth'], deps: TokenDeps): TokenSource {
  if (auth.kind === 'token') {
    const { token } = auth;
    return { get: () => Promise.resolve(token), invalidate: () => undefined };
  }
  return createClientCredentialsSource(auth, deps);
}

type ClientCredentials = Extract<PartnerCenterSettings['auth'], { kind: 'client-credentials' }>;

/**
 * OAuth client-credentials (app-only) with a cache: one token until 5 minutes before it expires,
 * and callers arriving while a token request runs share it instead of starting their own.
 * Errors never carry the client secret; transient ones are retried by the caller's attempt loop.
 */
function createClientCredentialsSource(auth: ClientCredentials, deps: TokenDeps): TokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const startedAt = deps.now();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
      scope: auth.scope ?? DEFAULT_SCOPE,
    });
    let res: Response;
    let bytes: Buffer;
    try {
      res = await deps.fetch(auth.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw new PartnerCenterError(
        'unavailable',
        `Partner Center token request for client ${auth.clientId} failed: ${describeNetworkError(err, deps.timeoutMs)}`,
      );
    }
    const body = decodeJson(bytes);
    if (!res.ok) throw tokenError(res, body, auth.clientId, deps.now());

    const obj = asObject(body);
    const token = readString(obj, 'access_token');
    const expiresInMs = (readNumber(obj, 'expires_in') ?? 0) * 1000;
    if (!token || !(expiresInMs > 0)) {
      throw new PartnerCenterError('auth', `Partner Center token response for client ${auth.clientId} has no access_token/expires_in`, { status: res.status });
    }
    // Short-lived tokens (under 10 min) would otherwise be renewed on every call.
    cached = { token, renewAt: startedAt + expiresInMs - Math.min(RENEW_BEFORE_MS, expiresInMs / 2) };
    return token;
  }

  return {
    get() {
      if (cached && deps.now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= requestToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** 400/401 from Entra ID (invalid_client, unauthorized_client, invalid_scope) is configuration: 'auth', not retried. */
function tokenError(res: Response, body: unknown, clientId: string, nowMs: number): PartnerCenterError {
  const parsed = parsePartnerCenterError(res.status, body, res.headers, { operation: `token request for client ${clientId}`, nowMs });
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    return new PartnerCenterError('auth', parsed.message, {
      status: res.status,
      ...(parsed.code !== undefined ? { code: parsed.code } : {}),
      ...(parsed.detail !== undefined ? { detail: parsed.detail } : {}),
    });
  }
  return parsed;
}

/**
 * Node's fetch says only "fetch failed"; the cause names the socket problem. Query strings are
 * cut from any URL a message quotes, since a signed download link carries its signature there.
 */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  // By name, not instanceof: fetch's DOMException may come from another realm (vm contexts, test runners).
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  let text = String(err);
  if (err instanceof Error) {
    const code = readString(asObject(err.cause), 'code');
    text = code ? `${err.message} (${code})` : err.message;
  }
  return text.replace(/(https?:\/\/[^\s?#]*)[?#]\S*/g, '$1?…');
}
