import express, { type Express } from 'express';
import { metrics } from '@mca/platform';
import type { Context } from '@mca/core';
import { answerAhead, asExpress } from './http/ahead-of-router';
import { errorHandler, notFoundHandler } from './http/problem';
import { requestLogging } from './http/request-logging';
import { adminRoutes } from './routes/admin-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { campaignRoutes } from './routes/campaign-routes';
import { opsRoutes } from './routes/ops-routes';
import { isOrderCall, orderEndpoint } from './routes/order-endpoint';
import { orderRoutes } from './routes/order-routes';
import { partnerRoutes } from './routes/partner-routes';
import { webhookRoutes } from './routes/webhook-routes';
import { mountConsole } from './console';

export function createApp(ctx: Context): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  const onError = errorHandler(ctx.logger);
  // The ordering system's call, on every order, before anything below runs for it (routes/order-endpoint.ts).
  const orders = orderEndpoint(ctx, (err, req, res) => {
    const express = asExpress(app, req, res);
    onError(err, express.req, express.res, () => undefined);
  });
  answerAhead(app, isOrderCall, orders);
  app.use((req, res, next) => {
    const end = metrics.httpRequests.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });
  // Other spellings of the ordering call, to the same endpoint, ahead of the access log: the ordering path keeps a lighter one of its own (http/order-access-log.ts).
  app.use(orderRoutes(orders));
  app.use(requestLogging(ctx.logger));
  mountConsole(app, ctx);
  app.use(opsRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(webhookRoutes(ctx));
  app.use(apiKeyRoutes(ctx));
  app.use(campaignRoutes(ctx));
  app.use(partnerRoutes(ctx));
  app.use(notFoundHandler);
  app.use(onError);
  return app;
}
