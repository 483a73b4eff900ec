import { Gauge, Registry } from 'prom-client';
import type { Queue } from 'bullmq';

/**
 * Queue depth and the age of the oldest job waiting to run, per queue, read from Redis at
 * scrape time. BullMQ's own `queue.exportPrometheusMetrics()` renders one text block per queue
 * (repeating HELP and TYPE lines, which a scraper refuses when concatenated), so the same
 * `getJobCounts()` figures are served as prom-client gauges beside the process's counters.
 *
 * A registry of its own: it belongs to the server that reads these queues, and a process
 * (a test) may start several of them.
 */
export function queueGauges(queues: Queue[]): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'mca_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, prioritized, waiting-children, failed, completed)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      const counts = await Promise.all(queues.map(async (q) => [q.name, await q.getJobCounts()] as const));
      for (const [queue, byState] of counts) {
        for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
      }
    },
  });
  new Gauge({
    name: 'mca_queue_oldest_waiting_job_age_seconds',
    help: 'How long the oldest job ready to run has waited for a worker (0: none waiting); a delayed job counts from its due time',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const now = Date.now();
      const oldest = await Promise.all(queues.map(async (q) => [q.name, (await q.getJobs(['wait'], 0, 0, true))[0]] as const));
      for (const [queue, job] of oldest) {
        const readySince = job ? job.timestamp + (job.delay ?? 0) : now;
        this.set({ queue }, Math.max(0, (now - readySince) / 1000));
      }
    },
  });
  return registry;
}
