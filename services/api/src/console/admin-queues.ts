import type { Express } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { QUEUE_NAMES, type Context } from '@mca/core';
import { requireOperator } from './auth-routes';

export const QUEUES_PATH = '/admin/queues';

/** bull-board's dashboard of every queue, for operators only; it serves its own UI (not under the console's CSP). */
export function mountQueueDashboard(app: Express, ctx: Context): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: QUEUE_NAMES.map((name) => new BullMQAdapter(ctx.queues.queue(name))), serverAdapter });
  app.use(QUEUES_PATH, requireOperator(ctx), serverAdapter.getRouter());
}
