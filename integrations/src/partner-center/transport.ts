import { randomUUID } from 'node:crypto';
import { backoffDelayMs } from './backoff';
import { PartnerCenterError } from './partner-center-error';
import { parsePartnerCenterError } from './parse-partner-center-error';
import { describeNetworkError, type TokenSource } from './token-source';
import { decodeJson } from '../../../platform/src/wire/json-readers';

/**
 * A Retry-After longer than this is not slept through in-process: the call fails 'rate-limited'
 * with retryAfterMs so the queue can reschedule the job instead of holding a worker.
 */
const MAX_IN_PROCESS_WAIT_MS = 60_000;

export interface WireRequest {
  method: 'GET' | 'POST';
  /** A path under the base URL ('/v1/…'), or an absolute URL for Microsoft's download links. */
  path?: string;
  query?: Record<string, string>;
  url?: string;
  json?: unknown;
  /** false for download links: they are signed themselves, and a bearer token must not go to another host. */
  authenticated: boolean;
  /** Named in error messages, so never with a query string (download links carry their signature there). */
  operation: string;
}

export interface WireResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  correlationId: string;
}

export interface TransportDeps {
  baseUrl: string;
  tokens: TokenSource;
  fetch: typeof fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  timeoutMs: number;
  maxAttempts: number;
}

export interface Transport {
  /**
   * Sends one logical call, retrying 408, 429, 5xx and network failures. Resolves with a 2xx
   * answer or with a 4xx the caller may want to read (e.g. 600061); throws PartnerCenterError
   * when retries run out or the token cannot be had.
   */
  send(req: WireRequest): Promise<WireResponse>;
}

export function createTransport(deps: TransportDeps): Transport {
  const baseUrl = deps.baseUrl.replace(/\/+$/, '');

  function urlOf(req: WireRequest): string {
    if (req.url) return req.url;
    const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    return `${baseUrl}${req.path ?? ''}${query}`;
  }

  async function attempt(req: WireRequest, correlationId: string): Promise<WireResponse | PartnerCenterError> {
    const headers: Record<string, string> = {};
    let token: string | undefined;
    if (req.authenticated) {
      token = await deps.tokens.get();
      headers.Authorization = `Bearer ${token}`;
      headers.Accept = 'application/json';
      // Partner Center support traces a call by these: one correlation id per logical call, one request id per attempt.
      headers['MS-CorrelationId'] = correlationId;
      headers['MS-RequestId'] = randomUUID();
    }
    if (req.json !== undefined) headers['Content-Type'] = 'application/json';

    let res: Response;
    let bytes: Buffer;
    try {
      res = await deps.fetch(urlOf(req), {
        method: req.method,
        headers,
        ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      // Read inside the try: the timeout covers the body, and a reset mid-body is a network failure too.
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      return new PartnerCenterError('unavailable', `Partner Center ${req.operation} failed: ${describeNetworkError(err, deps.timeoutMs)}`, {
        correlationId,
      });
    }
    if (res.status === 401 && token !== undefined) deps.tokens.invalidate(token);
    if (!isTransient(res.status)) return { status: res.status, headers: res.headers, bytes, correlationId };
    return parsePartnerCenterError(res.status, decodeJson(bytes), res.headers, { operation: req.operation, correlationId, nowMs: deps.now() });
  }

  return {
    async send(req) {
      const correlationId = randomUUID();
      for (let n = 1; ; n++) {
        let outcome: WireResponse | PartnerCenterError;
        try {
          outcome = await attempt(req, correlationId);
        } catch (err) {
          // Token acquisition: permanent failures (bad client secret) end the call, transient ones are retried.
          if (!(err instanceof PartnerCenterError)) throw err;
          if (err.permanent) throw err;
          outcome = err;
        }
        if (!(outcome instanceof PartnerCenterError)) return outcome;

        const waitMs = outcome.retryAfterMs ?? backoffDelayMs(n, deps.random);
        if (n >= deps.maxAttempts) throw outcome.withMessage(`${outcome.message} (gave up after ${n} attempts)`);
        if (waitMs > MAX_IN_PROCESS_WAIT_MS) throw outcome;
        await deps.sleep(waitMs);
      }
    },
  };
}

function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The answer as JSON, or the PartnerCenterError it stands for when it is not a 2xx. */
export function jsonOrThrow(res: WireResponse, operation: string, nowMs: number): unknown {
  const body = decodeJson(res.bytes);
  if (res.status >= 200 && res.status < 300) return body;
  throw parsePartnerCenterError(res.status, body, res.headers, { operation, correlationId: res.correlationId, nowMs });
}
