/** DocuSign's burst window is 30 s; when nothing says otherwise, waiting one window is the safe guess. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

export type HeaderReader = (name: string) => string | undefined;

/**
 * How long to wait after a rate-limit answer. Order matters: an explicit Retry-After wins; an
 * exhausted burst window clears in 30 s even though X-RateLimit-Reset (the hourly quota) is
 * further away; otherwise the hourly reset (epoch seconds) applies.
 */
export function retryAfterMs(header: HeaderReader, nowMs: number): number {
  const retryAfter = header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  if (header('x-burstlimit-remaining')?.trim() === '0') return DEFAULT_RETRY_AFTER_MS;
  const reset = header('x-ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) {
    const wait = Number(reset) * 1000 - nowMs;
    if (wait > 0) return wait;
  }
  return DEFAULT_RETRY_AFTER_MS;
}

/** Axios gives Node's lowercase names in a plain-ish object (AxiosHeaders); read case-insensitively anyway. */
export function headerReader(headers: Record<string, unknown> | undefined): HeaderReader {
  return (name) => {
    if (!headers) return undefined;
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== wanted) continue;
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
    }
    return undefined;
  };
}
