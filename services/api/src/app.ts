import express, { type Express } from 'express';
import { metrics } from '@mca/platform';
import type { Context } from '@mca/core';
import { errorHandler, notFoundHandler } from './http/problem';
import { requestLogging } from './http/request-logging';
import { adminRoutes } from './routes/admin-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { campaignRoutes } from './routes/campaign-routes';
import { opsRoutes } from './routes/ops-routes';
import { orderRoutes } from './routes/order-routes';
import { partnerRoutes } from './routes/partner-routes';
import { webhookRoutes } from './routes/webhook-routes';
import { mountConsole } from './console';

export function createApp(ctx: Context): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const end = metrics.httpRequests.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });
  // Ahead of the access log: the ordering path keeps a lighter one of its own (http/order-access-log.ts).
  app.use(orderRoutes(ctx));
  app.use(requestLogging(ctx.logger));
  mountConsole(app, ctx);
  app.use(opsRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(webhookRoutes(ctx));
  app.use(apiKeyRoutes(ctx));
  app.use(campaignRoutes(ctx));
  app.use(partnerRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
