import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { requestIdFrom, withRequestId, type Logger } from '@mca/platform';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Probes and scrapes: every few seconds from the orchestrator, not worth an info line each. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0]!;

/**
 * One access log line per request (method, path, status, duration, the partner), and a request
 * id on every line logged while it runs (withRequestId: the logger's mixin and the queue
 * producer read it, so the jobs it enqueues carry it to the workers). The caller's
 * X-Request-Id is kept when well formed, else one is made; the response says which.
 *
 * No bodies, headers, query strings or addresses are logged: they carry representatives'
 * details and API keys, and paths hold only ids.
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const access = pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customProps: (req) => {
      const partner = (req as Request).partner;
      return partner ? { partnerId: String(partner.id) } : {};
    },
    customLogLevel: (req, res, err) => (err || res.statusCode >= 500 ? 'error' : PROBES.has(pathOf(req)) ? 'debug' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
  return [access, (req, _res, next) => withRequestId(String(req.id), next)];
}
