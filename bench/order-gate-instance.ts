/**
 * One API instance for bench/order-gate.ts, in a process of its own (as in production): the
 * whole app on the given config, and, over IPC, its port and order-gate load once live.
 */
import { createApp, orderGateFor } from '@mca/api';
import { createContext, listen, loadConfig } from '@mca/core';
import { createLogger } from '@mca/platform';

async function main() {
  const config = loadConfig();
  const ctx = await createContext(config, { logger: createLogger(config.LOG_LEVEL) });
  const rssBefore = process.memoryUsage.rss();
  const server = await listen(createApp(ctx), 0);
  const gate = orderGateFor(ctx);
  while (!gate.isLive()) await new Promise((r) => setTimeout(r, 20));
  global.gc?.();
  process.send!({ port: server.port, load: gate.lastLoad(), rssBefore, rssAfter: process.memoryUsage.rss(), heapUsed: process.memoryUsage().heapUsed });
  // CPU used so far, asked by the bench before and after each run: CPU per request does not drift with the machine's load as req/s does.
  process.on('message', (m) => m === 'cpu' && process.send!({ cpu: process.cpuUsage() }));
  process.once(
    'disconnect',
    () =>
      void server
        .close()
        .then(() => ctx.close())
        .then(() => process.exit(0)),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
