import { createContext, createProducers, createRedis, type Config, type Context, type Producers } from '@mca/core';
import { createLogger } from '@mca/platform';
import type { Operator } from './command';

/**
 * The service's own configuration and connections for one command. Logs go to stderr (stdout
 * is the command's answer, `--json` must stay parseable), no chattier than `warn` unless
 * LOG_LEVEL asks for debug or trace.
 */
export function createOperator(config: Config): Operator & { close(): Promise<void> } {
  const logger = createLogger(cliLogLevel(config.LOG_LEVEL), { process: 'cli' }, process.stderr);
  let context: Promise<Context & { close(): Promise<void> }> | undefined;
  let queues: { producers: Producers; close(): Promise<void> } | undefined;
  return {
    config,
    context: () => (context ??= createContext(config, { logger })),
    queues() {
      if (!queues) {
        const redis = createRedis(config.REDIS_URL, 'producer');
        const producers = createProducers(redis, { prefix: config.QUEUE_PREFIX, attempts: config.JOB_ATTEMPTS, backoffMs: config.JOB_BACKOFF_MS });
        queues = {
          producers,
          async close() {
            await producers.close();
            redis.disconnect();
          },
        };
      }
      return queues.producers;
    },
    async close() {
      await queues?.close();
      if (context) await (await context).close();
    },
  };
}

function cliLogLevel(level: Config['LOG_LEVEL']): Config['LOG_LEVEL'] {
  return level === 'info' ? 'warn' : level;
}
