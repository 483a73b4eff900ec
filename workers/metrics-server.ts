import { createServer } from 'node:http';
import { listen, registry, type Logger, type Running } from '@mca/shared';

/**
 * A worker process has no API of its own, and what it counts (jobs, notifications, Partner
 * Center checks) lives in its own memory: each replica serves it for the scraper, next to a
 * liveness answer for the orchestrator.
 */
export async function serveWorkerMetrics(port: number, logger: Logger): Promise<Running> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (path !== '/metrics') return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
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
