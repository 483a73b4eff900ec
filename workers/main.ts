import { runProcess, type QueueName } from '@mca/shared';
import { startWorkers } from './host';
import { serveWorkerMetrics } from './metrics-server';

/** Workers alone; `tsx workers/main.ts dispatch-email,notify` limits which queues this process serves. */
void runProcess('workers', async (ctx, config) => {
  const only = process.argv[2]?.split(',').filter(Boolean) as QueueName[] | undefined;
  const host = await startWorkers(ctx, only?.length ? only : undefined);
  ctx.logger.info({ queues: host.workers.map((w) => w.name) }, 'workers running');
  const metrics = config.WORKER_METRICS_PORT === undefined ? [] : [await serveWorkerMetrics(config.WORKER_METRICS_PORT, ctx.logger)];
  return [host, ...metrics];
});
