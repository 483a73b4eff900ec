import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request id of the work in progress: an HTTP request, or a job a request (or a job it
 * caused) enqueued. The logger adds it to every line written inside, and the queue producer
 * puts it on every job added inside, so one id follows a request through the workers.
 */
export interface RequestScope {
  reqId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export const currentRequestId = (): string | undefined => scope.getStore()?.reqId;

export function withRequestId<T>(reqId: string | undefined, run: () => T): T {
  return reqId ? scope.run({ reqId }, run) : run();
}

/** What a caller may send as X-Request-Id: a proxy's or a client's id, short and log-safe. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const isWellFormedRequestId = (value: unknown): value is string => typeof value === 'string' && WELL_FORMED.test(value);

/** The caller's id when it is well formed, else a new one. */
export const requestIdFrom = (incoming: unknown): string => (isWellFormedRequestId(incoming) ? incoming : randomUUID());
