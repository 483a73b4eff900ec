import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, type Logger } from '@mca/platform';

/** RFC 9457 problem documents: the one place an error becomes an HTTP answer. */
export function sendProblem(res: Response, status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: `urn:mca:problem:${code.toLowerCase().replace(/_/g, '-')}`, title: code, status, code, detail, ...extra });
}

export const notFoundHandler: RequestHandler = (req, res) => sendProblem(res, 404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`);

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Refused before its body was read (unauthenticated, too large): close rather than read the
    // rest to discard it, so a refused sender cannot keep us reading.
    if (bodyLeftUnread(req)) res.set('Connection', 'close');
    if (err instanceof AppError) {
      // A 5xx with a code is still our failure (e.g. altered evidence): an operator must see it.
      if (err.status >= 500) logger.error({ err, method: req.method, path: req.path, code: err.code }, err.message);
      return sendProblem(res, err.status, err.code, err.message, err.extra);
    }
    // Errors raised by express's own parsers (body too large, bad JSON) carry a status.
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status === 413) return sendProblem(res, 413, 'PAYLOAD_TOO_LARGE', 'request body is too large');
    if (status === 400 && err?.type === 'entity.parse.failed') return sendProblem(res, 400, 'VALIDATION_FAILED', 'body is not valid JSON');
    if (status === 415) return sendProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE', String(err.message));
    // Any other refusal of a body reader (one that does not decompress, a length it does not
    // have, an upload cut short) is the sender's error, not ours: said so, and not logged as ours.
    if (status >= 400 && status < 500) {
      return sendProblem(res, status, 'BAD_REQUEST', `the request could not be read${err.expose ? `: ${String(err.message)}` : ''}`);
    }
    if (isRedisDown(err)) return sendProblem(res, 503, 'SERVICE_UNAVAILABLE', 'the queue is unavailable; try again shortly');
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    return sendProblem(res, 500, 'INTERNAL', 'internal error');
  };
}

function bodyLeftUnread(req: Request): boolean {
  const announced = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return announced && !req.complete;
}

function isRedisDown(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : '';
  return /Stream isn't writeable|enableOfflineQueue|Connection is closed|ECONNREFUSED/.test(msg);
}
