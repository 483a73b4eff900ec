import { listen, runProcess } from '@mca/shared';
import { createApp } from '@mca/api';
import { startWorkers } from '@mca/workers';
import { ensureMongo } from './mongo-server';

/**
 * `npm start`: the API and every worker in one process, with embedded defaults. Where no
 * MongoDB answers at MONGO_URL (on loopback), the bundled FerretDB is built and started.
 */
void runProcess(
  'all',
  async (ctx, config) => {
    const workers = await startWorkers(ctx);
    const server = await listen(createApp(ctx), config.PORT);
    ctx.logger.info(
      { url: config.PUBLIC_URL, mail: config.SMTP_URL ?? `.eml files in ${config.OUTBOX_DIR}/`, queues: workers.workers.map((w) => w.name) },
      'MCA consent service running',
    );
    return [workers, server];
  },
  async (config) => {
    const mongo = await ensureMongo(config.MONGO_URL, { log: (line) => console.error(line) });
    return { config: { ...config, MONGO_URL: mongo.url }, running: [{ close: () => mongo.stop() }] };
  },
);
