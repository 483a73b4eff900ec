import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import { requestIdFrom, type Logger } from '@mca/platform';
import { REQUEST_ID_HEADER } from './request-logging';

/**
 * The access log of `POST /v1/orders/authorize`, the call the marketplace makes on every order:
 * thousands a second at a deadline. pino-http's line per request (a child logger, serializers,
 * a write) was a fifth of the path's CPU, so an answered order is logged only at `debug`; a
 * refused or failed call (4xx, 5xx) is logged as every other request is. Every answer still
 * carries its X-Request-Id, and `mca_http_request_duration_seconds` and
 * `mca_order_authorizations_total` count every call.
 */
export function orderAccessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const reqId = requestIdFrom(req.headers['x-request-id']);
    (req as { id?: unknown }).id = reqId;
    res.setHeader(REQUEST_ID_HEADER, reqId);
    const startedAt = performance.now();
    res.once('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        reqId,
        req: { method: req.method, path: req.path },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - startedAt),
        partnerId: req.partner ? String(req.partner.id) : undefined,
      };
      logger[level](line, 'request');
    });
    next();
  };
}
