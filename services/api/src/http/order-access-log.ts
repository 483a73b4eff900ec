import { performance } from 'node:perf_hooks';
import type { Logger } from '@mca/platform';
import type { AuthedPartner } from './api-key-cache';

/**
 * The access log of `POST /v1/orders/authorize`, the call the marketplace makes on every order:
 * thousands a second at a deadline. pino-http's line per request (a child logger, serializers,
 * a write) was a fifth of the path's CPU, so an answered order is logged only at `debug`; a
 * refused or failed call (4xx, 5xx) is logged as every other request is. Every answer still
 * carries its X-Request-Id, and `mca_http_request_duration_seconds` and
 * `mca_order_authorizations_total` count every call.
 */
export function logOrderAccess(
  logger: Logger,
  call: { reqId: string; method: string; path: string; status: number; startedAt: number; partner: AuthedPartner | undefined },
): void {
  const level = call.status >= 500 ? 'error' : call.status >= 400 ? 'info' : 'debug';
  if (!logger.isLevelEnabled(level)) return;
  const line = {
    reqId: call.reqId,
    req: { method: call.method, path: call.path },
    res: { statusCode: call.status },
    responseTime: Math.round(performance.now() - call.startedAt),
    partnerId: call.partner ? String(call.partner.id) : undefined,
  };
  logger[level](line, 'request');
}
