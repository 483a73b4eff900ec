import express, { Router } from 'express';
import type { Context } from '@mca/core';
import { requireAdmin } from '../http/auth';
import { validate } from '../http/validate';
import { CreatePartnerBody } from '../schemas';
import { createPartner } from '../use-cases/create-partner';

export function adminRoutes(ctx: Context): Router {
  const r = Router();
  r.post('/v1/partners', requireAdmin(ctx), express.json({ limit: '8kb' }), async (req, res) => {
    res.status(201).json(await createPartner(ctx, validate(CreatePartnerBody, req.body)));
  });
  return r;
}
