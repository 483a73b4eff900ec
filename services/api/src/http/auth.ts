import type { NextFunction, Request, Response } from 'express';
import type { Types } from 'mongoose';
import { AppError, safeEqual, sha256Hex, type Context } from '@mca/shared';

export interface AuthedPartner {
  id: Types.ObjectId;
  name: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    partner?: AuthedPartner;
  }
}

function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export function requireAdmin(ctx: Context) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const expected = ctx.config.ADMIN_TOKEN;
    if (!expected) throw new AppError('FORBIDDEN', 'the admin API is disabled (ADMIN_TOKEN is not set)');
    const token = bearer(req);
    if (!token || !safeEqual(token, expected)) throw new AppError('UNAUTHENTICATED', 'a valid admin bearer token is required');
    next();
  };
}

/**
 * API-key authentication. Keys are looked up by their SHA-256; a short in-process cache keeps
 * the order-authorization path at one database read per call.
 */
export function requirePartner(ctx: Context, cacheMs = 30_000) {
  const cache = new Map<string, { partner: AuthedPartner; until: number }>();
  return async (req: Request, _res: Response, next: NextFunction) => {
    const key = bearer(req);
    if (!key) throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <apiKey> is required');
    const hash = sha256Hex(key);
    const now = Date.now();
    const hit = cache.get(hash);
    if (hit && hit.until > now) {
      req.partner = hit.partner;
      return next();
    }
    const found = await ctx.models.partners.findOne({ apiKeyHash: hash }, { name: 1 }).lean();
    if (!found) throw new AppError('UNAUTHENTICATED', 'unknown API key');
    const partner = { id: found._id, name: found.name };
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { partner, until: now + cacheMs });
    req.partner = partner;
    next();
  };
}

export function partnerOf(req: Request): AuthedPartner {
  if (!req.partner) throw new AppError('UNAUTHENTICATED', 'not authenticated');
  return req.partner;
}
