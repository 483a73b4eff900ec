import express, { Router } from 'express';
import type { Context } from '@mca/core';
import { withRequestId } from '@mca/platform';
import { ORDER_SCOPES, partnerOf, requirePartner } from '../http/auth';
import { orderAccessLog } from '../http/order-access-log';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import { AuthorizeOrderBody } from '../schemas';
import { asksPartnerCenter, createOrderAuthorizer } from '../use-cases/authorize-order';

/**
 * The one call an `orders` key may make, on its own (in-memory) budget. Its own router, mounted
 * first: the marketplace asks on every order, and each router passed on the way costs every order.
 */
export function orderRoutes(ctx: Context): Router {
  const r = Router();
  const json = express.json({ limit: '32kb' });
  const limits = rateLimitsFor(ctx);
  const authorizeOrder = createOrderAuthorizer(ctx);
  r.post('/v1/orders/authorize', orderAccessLog(ctx.logger), requirePartner(ctx, ORDER_SCOPES), limits.limit('orders'), json, async (req, res) => {
    const body = validate(AuthorizeOrderBody, req.body);
    if (!asksPartnerCenter(body)) return void res.json(await authorizeOrder(partnerOf(req).id, body));
    // Only a re-check with Partner Center logs and enqueues: only it needs the request id in scope.
    await limits.spend('sends', partnerOf(req).id, res);
    res.json(await withRequestId(String(req.id), () => authorizeOrder(partnerOf(req).id, body)));
  });
  return r;
}
