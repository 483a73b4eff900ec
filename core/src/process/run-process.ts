import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from '../config';
import { createContext, type Context } from '../context';
import { createLogger } from '@mca/platform';
import { applyHeapGrowth } from './heap-growth';

export interface Running {
  close(): Promise<void>;
}

/**
 * What every entry point shares: config validated once (a bad value prints one clear line
 * and exits 2), the context built, SIGTERM/SIGINT closing everything in reverse order.
 * Started by a supervisor (npm start, over an IPC channel), it says when it is running and
 * shuts down when the supervisor goes away, so that no orphan keeps a port or a queue.
 */
export async function runProcess(
  name: string,
  start: (ctx: Context, config: Config) => Promise<Running[]>,
  beforeContext?: (config: Config) => Promise<{ config: Config; running: Running[] }>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  applyHeapGrowth(config);
  const logger = createLogger(config.LOG_LEVEL, { process: name });
  try {
    const pre = beforeContext ? await beforeContext(config) : { config, running: [] };
    const ctx = await createContext(pre.config, { logger });
    const running: Running[] = [...pre.running, { close: () => ctx.close() }, ...(await start(ctx, pre.config))];

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down');
      for (const r of running.reverse()) {
        await r.close().catch((err: unknown) => logger.error({ err }, 'error during shutdown'));
      }
      logger.info('stopped');
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
    if (process.send) {
      process.once('disconnect', () => void shutdown('supervisor gone'));
      process.send({ running: name });
    }
  } catch (err) {
    logger.fatal({ err }, `could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

/** Starts an HTTP server; close() stops accepting, lets in-flight requests finish. */
export function listen(app: { listen: (port: number, cb: () => void) => Server }, port: number): Promise<Running & { port: number }> {
  return new Promise((resolve) => {
    const server = app.listen(port, () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
