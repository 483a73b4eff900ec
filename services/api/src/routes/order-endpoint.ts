import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Request } from 'express';
import type { Context, OrderDecision } from '@mca/core';
import { metrics, requestIdFrom, withRequestId } from '@mca/platform';
import type { AuthedPartner } from '../http/api-key-cache';
import { authenticator, ORDER_SCOPES } from '../http/auth';
import { jsonBodyReader } from '../http/json-body';
import { logOrderAccess } from '../http/order-access-log';
import { rateLimitsFor } from '../http/rate-limits';
import { REQUEST_ID_HEADER } from '../http/request-logging';
import { validate } from '../http/validate';
import { AuthorizeOrderBody } from '../schemas';
import { asksPartnerCenter, createOrderAuthorizer } from '../use-cases/authorize-order';

export const ORDER_PATH = '/v1/orders/authorize';
export const ORDER_BODY_LIMIT = 32 * 1024;

/** The exact call the ordering system makes; any spelling Express would also route (a query, a trailing slash, capitals) is left to Express. */
export const isOrderCall = (req: IncomingMessage) => req.method === 'POST' && req.url === ORDER_PATH;

/** The histogram's labels per status, made once: the same series the app-wide timer writes for this route. */
const timedLabels = new Map<number, { method: string; route: string; status: string }>();
function timed(status: number) {
  let labels = timedLabels.get(status);
  if (!labels) timedLabels.set(status, (labels = { method: 'POST', route: ORDER_PATH, status: String(status) }));
  return labels;
}

/**
 * `POST /v1/orders/authorize` answered on node's own request and response, ahead of Express
 * (http/ahead-of-router.ts): the marketplace asks on every order, and Express's per-request work
 * (prototype swaps, the router walk, two finish listeners, body-parser) was about as much CPU as
 * the answer itself. The same steps in the same order as the Express route (routes/order-routes.ts),
 * the same answers: the key (401/403), the order budget (429), the body (413/415/400), the
 * schema (400), the gate (404). A refusal is rendered by the app's own error handler, given the
 * request as Express's again (`onError`), so every problem document stays that handler's. One
 * finish listener times the call (mca_http_request_duration_seconds, as the app-wide timer does)
 * and writes the access log line (http/order-access-log.ts). The spellings Express routes
 * (routes/order-routes.ts) come here too, `viaExpress`: the app-wide timer has timed them already.
 */
export type OrderEndpoint = (req: IncomingMessage, res: ServerResponse, viaExpress?: boolean) => void;

export function orderEndpoint(ctx: Context, onError: (err: unknown, req: IncomingMessage, res: ServerResponse) => void): OrderEndpoint {
  const authenticate = authenticator(ctx, ORDER_SCOPES);
  const limits = rateLimitsFor(ctx);
  const authorizeOrder = createOrderAuthorizer(ctx);
  const readJson = jsonBodyReader(ORDER_BODY_LIMIT);
  const callName = () => `POST ${ORDER_PATH}`;

  async function answer(req: IncomingMessage, res: ServerResponse, reqId: string, seen: { partner?: AuthedPartner }): Promise<void> {
    const authed = authenticate(req.headers.authorization, callName);
    const { partner } = authed instanceof Promise ? await authed : authed;
    seen.partner = partner;
    await limits.spend('orders', partner.id, res);
    const body = validate(AuthorizeOrderBody, await readJson(req, res));
    if (!asksPartnerCenter(body)) {
      const decision = authorizeOrder(partner.id, body);
      return send(res, reqId, decision instanceof Promise ? await decision : decision);
    }
    // Only a re-check with Partner Center logs and enqueues: only it needs the request id in scope.
    await limits.spend('sends', partner.id, res);
    send(res, reqId, await withRequestId(reqId, () => authorizeOrder(partner.id, body)));
  }

  return (req, res, viaExpress = false) => {
    const startedAt = performance.now();
    const reqId = requestIdFrom(req.headers['x-request-id']);
    const seen: { partner?: AuthedPartner } = {};
    const path = viaExpress ? (req as Request).path : ORDER_PATH;
    res.on('finish', () => {
      const status = res.statusCode;
      if (!viaExpress) metrics.httpRequests.observe(timed(status), (performance.now() - startedAt) / 1000);
      logOrderAccess(ctx.logger, { reqId, method: 'POST', path, status, startedAt, partner: seen.partner });
    });
    answer(req, res, reqId, seen).catch((err: unknown) => {
      // As Express's final handler does once an answer has begun: nothing more can be said on this connection.
      if (res.headersSent) return void req.socket.destroy();
      res.setHeader(REQUEST_ID_HEADER, reqId);
      onError(err, req, res);
    });
  };
}

/** `res.json` without what a POST's answer has no use for (the ETag, the freshness check, the Content-Type parsed again): the same status, headers and body. */
function send(res: ServerResponse, reqId: string, decision: OrderDecision) {
  const text = JSON.stringify(decision);
  res.writeHead(200, [REQUEST_ID_HEADER, reqId, 'Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(Buffer.byteLength(text))]);
  res.end(text);
}
