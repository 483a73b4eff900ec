import { Router } from 'express';
import { ORDER_PATH, type OrderEndpoint } from './order-endpoint';

/**
 * The one call an `orders` key may make. The exact call is answered ahead of Express
 * (routes/order-endpoint.ts); this route, mounted first, hands the other spellings Express
 * routes here (a query string, a trailing slash, capitals) to the same endpoint, and lists the
 * route with the others.
 */
export function orderRoutes(endpoint: OrderEndpoint): Router {
  const r = Router();
  r.post(ORDER_PATH, (req, res) => endpoint(req, res, true));
  return r;
}
