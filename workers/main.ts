import { runProcess, type QueueName } from '@mca/shared';
import { startWorkers } from './host';

/** Workers alone; `tsx workers/main.ts dispatch-email,notify` limits which queues this process serves. */
void runProcess('workers', async (ctx) => {
  const only = process.argv[2]?.split(',').filter(Boolean) as QueueName[] | undefined;
  const host = await startWorkers(ctx, only?.length ? only : undefined);
  ctx.logger.info({ queues: host.workers.map((w) => w.name) }, 'workers running');
  return [host];
});
