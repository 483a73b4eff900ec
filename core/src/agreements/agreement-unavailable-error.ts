/**
 * No agreement document can be presented now: Partner Center failed and nothing is cached.
 * A plain Error on purpose: the worker retries it (a different agreement is never substituted).
 */
export class AgreementUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgreementUnavailableError';
  }
}
