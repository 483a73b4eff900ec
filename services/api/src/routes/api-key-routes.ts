import express, { Router } from 'express';
import type { Context } from '@mca/core';
import { partnerOf, requirePartner } from '../http/auth';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import { CreateApiKeyBody, IdParams } from '../schemas';
import { createApiKey, deleteApiKey, listApiKeys } from '../use-cases/api-keys';

/** A partner's own API keys: several at once, so a key is rotated by create, switch, delete. */
export function apiKeyRoutes(ctx: Context): Router {
  const r = Router();
  r.use('/v1/api-keys', requirePartner(ctx), rateLimitsFor(ctx).limit('calls'));

  r.post('/v1/api-keys', express.json({ limit: '4kb' }), async (req, res) => {
    const key = await createApiKey(ctx, partnerOf(req).id, validate(CreateApiKeyBody, req.body));
    res.status(201).location(`/v1/api-keys/${key.id}`).set('Cache-Control', 'no-store').json(key);
  });

  r.get('/v1/api-keys', async (req, res) => {
    res.json({ items: await listApiKeys(ctx, partnerOf(req).id) });
  });

  r.delete('/v1/api-keys/:id', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    await deleteApiKey(ctx, partnerOf(req).id, id);
    res.status(204).end();
  });

  return r;
}
