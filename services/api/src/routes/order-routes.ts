import express, { Router, type Response } from 'express';
import type { Context } from '@mca/core';
import { withRequestId } from '@mca/platform';
import { ORDER_SCOPES, partnerOf, requirePartner } from '../http/auth';
import { orderAccessLog } from '../http/order-access-log';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import { AuthorizeOrderBody } from '../schemas';
import { asksPartnerCenter, createOrderAuthorizer } from '../use-cases/authorize-order';
import { ORDER_BODY_LIMIT } from './order-endpoint';

/**
 * `res.json` without what a POST's answer has no use for: the ETag (a SHA-1 of every answer, and
 * the answer copied into a Buffer for it), the freshness check, the Content-Type parsed again to
 * set its charset. The same status, headers otherwise and body.
 */
function answer(res: Response, body: unknown) {
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * The one call an `orders` key may make, on its own (in-memory) budget. The exact call is
 * answered ahead of Express (routes/order-endpoint.ts, the same steps); this route, mounted first,
 * answers the other spellings Express routes here (a query string, a trailing slash, capitals)
 * and lists the route with the others.
 */
export function orderRoutes(ctx: Context): Router {
  const r = Router();
  const json = express.json({ limit: ORDER_BODY_LIMIT });
  const limits = rateLimitsFor(ctx);
  const authorizeOrder = createOrderAuthorizer(ctx);
  r.post('/v1/orders/authorize', orderAccessLog(ctx.logger), requirePartner(ctx, ORDER_SCOPES), limits.limit('orders'), json, async (req, res) => {
    const body = validate(AuthorizeOrderBody, req.body);
    if (!asksPartnerCenter(body)) return answer(res, await authorizeOrder(partnerOf(req).id, body));
    // Only a re-check with Partner Center logs and enqueues: only it needs the request id in scope.
    await limits.spend('sends', partnerOf(req).id, res);
    answer(res, await withRequestId(String(req.id), () => authorizeOrder(partnerOf(req).id, body)));
  });
  return r;
}
