import { createServer } from 'node:http';
import { Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import { listen, type Running } from '@mca/core';
import { registry, type Logger } from '@mca/platform';
import { queueGauges } from './queue-gauges';

/**
 * A worker process has no API of its own, and what it counts (jobs, notifications, Partner
 * Center checks) lives in its own memory: each replica serves it for the scraper, with the
 * depth of the queues it works on, next to a liveness answer for the orchestrator.
 */
export async function serveWorkerMetrics(port: number, queues: Queue[], logger: Logger): Promise<Running & { port: number }> {
  const served = Registry.merge([registry, queueGauges(queues)]);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (path !== '/metrics') return void res.writeHead(404).end();
    served.metrics().then(
      (text) => res.writeHead(200, { 'content-type': served.contentType }).end(text),
      (err: unknown) => {
        logger.error({ err }, 'metrics not rendered');
        res.writeHead(500).end();
      },
    );
  });
  const running = await listen({ listen: (p, cb) => server.listen(p, cb) }, port);
  logger.info({ port: running.port }, 'worker metrics on /metrics');
  return running;
}
