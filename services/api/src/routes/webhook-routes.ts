import express, { Router } from 'express';
import { AppError, safeEqual, type Context } from '@mca/shared';
import { receiveConnectMessage } from '../use-cases/receive-connect-message';
import { receiveInboundEmail } from '../use-cases/receive-inbound-email';

export function webhookRoutes(ctx: Context): Router {
  const r = Router();
  r.post(
    '/webhooks/email',
    (req, _res, next) => {
      const secret = ctx.config.INBOUND_EMAIL_SECRET;
      if (!secret) throw new AppError('FORBIDDEN', 'the inbound email webhook is disabled (INBOUND_EMAIL_SECRET is not set)');
      const h = req.headers.authorization ?? '';
      if (!h.startsWith('Bearer ') || !safeEqual(h.slice(7).trim(), secret)) {
        throw new AppError('UNAUTHENTICATED', 'a valid bearer token is required');
      }
      if (!req.is('message/rfc822')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be message/rfc822');
      next();
    },
    express.raw({ type: 'message/rfc822', limit: ctx.config.MAX_INBOUND_EMAIL_BYTES }),
    async (req, res) => {
      const raw = req.body as unknown;
      if (!Buffer.isBuffer(raw) || raw.length === 0) throw new AppError('VALIDATION_FAILED', 'empty message');
      const { id, duplicate } = await receiveInboundEmail(ctx, raw);
      res.status(202).json({ id, duplicate });
    },
  );
  // Legacy XML messages can embed the PDFs: allow a large body, but only after nothing else.
  r.post('/webhooks/docusign', express.raw({ type: () => true, limit: '25mb' }), async (req, res) => {
    const raw = req.body as unknown;
    if (!Buffer.isBuffer(raw) || raw.length === 0) throw new AppError('VALIDATION_FAILED', 'empty body');
    const { id, duplicate } = await receiveConnectMessage(ctx, raw, req.headers, req.headers['content-type'] ?? '');
    res.status(200).json({ id, duplicate });
  });
  return r;
}
