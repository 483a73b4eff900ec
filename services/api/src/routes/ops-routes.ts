import { Router } from 'express';
import { registry } from '@mca/platform';
import type { Context } from '@mca/core';
import { openApiDocument } from '../openapi';

export function opsRoutes(ctx: Context): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const [mongo, redis] = await Promise.all([
      ctx.db.conn.db
        ?.admin()
        .ping()
        .then(() => 'ok' as const)
        .catch(() => 'down' as const) ?? 'down',
      ctx.redis
        .ping()
        .then(() => 'ok' as const)
        .catch(() => 'down' as const),
    ]);
    const ready = mongo === 'ok' && redis === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', mongo, redis });
  });
  r.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  const doc = openApiDocument(ctx.config.PUBLIC_URL);
  r.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  return r;
}
