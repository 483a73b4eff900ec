import path from 'node:path';
import express, { Router, type Express } from 'express';
import type { Context } from '@mca/core';
import { mountQueueDashboard } from './admin-queues';
import { consoleAuthRoutes } from './auth-routes';
import { consoleCampaignRoutes } from './campaign-routes';
import { consoleErrors, consolePageRoutes } from './page-routes';
import { consoleHeaders } from './security-headers';

const ASSETS = path.join(__dirname, 'assets');
/** The console's paths; everything else passes by to the API's routers untouched. */
const CONSOLE_PATHS = /^\/($|sign-in$|sign-out$|admin\/sign-in$|console\/|customers(\/|$)|campaigns(\/|$)|import$)/;

/** The partner console at `/` (server-rendered pages over the use cases) and the operators' queue dashboard. */
export function mountConsole(app: Express, ctx: Context): void {
  const r = Router();
  r.use((req, _res, next) => next(CONSOLE_PATHS.test(req.path) ? undefined : 'router'));
  r.use(consoleHeaders);
  r.use('/console/assets', express.static(ASSETS, { index: false, fallthrough: false, setHeaders: (res) => res.set('Cache-Control', 'public, max-age=300') }));
  r.use(consoleAuthRoutes(ctx));
  r.use(consolePageRoutes(ctx));
  r.use(consoleCampaignRoutes(ctx));
  // Only errors from console paths: the API's routers keep their problem documents.
  r.use(consoleErrors(ctx));
  app.use(r);
  mountQueueDashboard(app, ctx);
}
