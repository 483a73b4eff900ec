import { listen, runProcess } from '@mca/core';
import { createApp } from './app';

/** The API alone (docker-compose runs it next to a separate worker process). */
void runProcess('api', async (ctx, config) => {
  const server = await listen(createApp(ctx), config.PORT);
  ctx.logger.info({ port: server.port, url: config.PUBLIC_URL }, 'API listening');
  return [server];
});
