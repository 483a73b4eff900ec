import { runProcess, type QueueName } from '@mca/core';
import { startWorkers } from './host';
import { serveWorkerMetrics } from './metrics-server';

/** Workers alone; `tsx workers/main.ts dispatch-email,notify` limits which queues this process serves. */
void runProcess('workers', async (ctx, config) => {
  const only = process.argv[2]?.split(',').filter(Boolean) as QueueName[] | undefined;
  const host = await startWorkers(ctx, only?.length ? only : undefined);
  ctx.logger.info({ queues: host.workers.map((w) => w.name) }, 'workers running');
  if (config.METRICS_PORT === undefined) return [host];
  const queues = host.workers.map((w) => ctx.queues.queue(w.name as QueueName));
  return [host, await serveWorkerMetrics(config.METRICS_PORT, queues, ctx.logger)];
});
