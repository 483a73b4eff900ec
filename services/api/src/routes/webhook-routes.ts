import { Router } from 'express';
import { AppError, safeEqual } from '@mca/platform';
import type { Context } from '@mca/core';
import { readBody } from '../http/read-body';
import { receiveConnectMessage } from '../use-cases/receive-connect-message';
import { receiveInboundEmail } from '../use-cases/receive-inbound-email';

export function webhookRoutes(ctx: Context): Router {
  const r = Router();
  r.post('/webhooks/email', async (req, res) => {
    // Who is calling and what they send are settled before a byte of the body is read.
    const secret = ctx.config.INBOUND_EMAIL_SECRET;
    if (!secret) throw new AppError('FORBIDDEN', 'the inbound email webhook is disabled (INBOUND_EMAIL_SECRET is not set)');
    const h = req.headers.authorization ?? '';
    if (!h.startsWith('Bearer ') || !safeEqual(h.slice(7).trim(), secret)) {
      throw new AppError('UNAUTHENTICATED', 'a valid bearer token is required');
    }
    if (!req.is('message/rfc822')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be message/rfc822');
    const raw = await readBody(req, ctx.config.MAX_INBOUND_EMAIL_BYTES);
    if (raw.length === 0) throw new AppError('VALIDATION_FAILED', 'empty message');
    const { id, duplicate } = await receiveInboundEmail(ctx, raw);
    res.status(202).json({ id, duplicate });
  });
  r.post('/webhooks/docusign', async (req, res) => {
    const { id, duplicate } = await receiveConnectMessage(ctx, {
      headers: req.headers,
      contentType: req.headers['content-type'] ?? '',
      readBody: (onChunk) => readBody(req, ctx.config.MAX_CONNECT_MESSAGE_BYTES, onChunk),
    });
    res.status(200).json({ id, duplicate });
  });
  return r;
}
