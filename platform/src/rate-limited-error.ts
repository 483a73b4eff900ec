/**
 * Thrown by a processor when an upstream API says "slow down". The worker host pauses the
 * whole queue for `retryAfterMs` (the limit is account-wide, not per job) and the job is
 * retried without using up one of its attempts.
 */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
