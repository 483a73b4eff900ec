import type { NextFunction, Request, Response } from 'express';
import { AppError, safeEqual, sha256Hex } from '@mca/platform';
import type { ApiKeyScope, Context } from '@mca/core';
import { onePerContext } from '../per-context';
import { createApiKeyCache, type AuthedPartner } from './api-key-cache';
import './reader';

export type { AuthedPartner } from './api-key-cache';

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

/** Every router's guard sees the same revocations. */
const apiKeyCache = onePerContext((ctx) => createApiKeyCache(ctx));

/** The key with this SHA-256 as the API sees it (the same cache and revocations); the console's sessions use it. */
export function lookupApiKey(ctx: Context, keyHash: string) {
  return apiKeyCache(ctx).lookup(keyHash);
}

/** Only the ordering system's call takes an `orders` key. */
export const ORDER_SCOPES: readonly ApiKeyScope[] = ['full', 'orders'];

/**
 * API-key authentication: keys are looked up by their SHA-256 (api-key-cache.ts). A key whose
 * scope is not in `scopes` is refused with 403 FORBIDDEN_SCOPE; the default admits `full` keys only,
 * so a new route is closed to narrower keys unless it says otherwise.
 */
export function requirePartner(ctx: Context, scopes: readonly ApiKeyScope[] = ['full']) {
  const cache = apiKeyCache(ctx);
  return async (req: Request, _res: Response, next: NextFunction) => {
    const key = bearer(req);
    if (!key) throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <apiKey> is required');
    const found = await cache.lookup(sha256Hex(key));
    if (!found) throw new AppError('UNAUTHENTICATED', 'unknown API key');
    if (!scopes.includes(found.scope)) {
      throw new AppError(
        'FORBIDDEN_SCOPE',
        `this API key has scope '${found.scope}'; ${req.method} ${req.baseUrl}${req.path} needs ${scopes.map((s) => `'${s}'`).join(' or ')}`,
      );
    }
    req.partner = found.partner;
    req.apiKeyId = found.keyId;
    next();
  };
}

export function partnerOf(req: Request): AuthedPartner {
  if (!req.partner) throw new AppError('UNAUTHENTICATED', 'not authenticated');
  return req.partner;
}
