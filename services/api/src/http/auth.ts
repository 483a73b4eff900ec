import type { NextFunction, Request, Response } from 'express';
import { AppError, safeEqual, sha256Hex } from '@mca/platform';
import type { ApiKeyScope, Context } from '@mca/core';
import { onePerContext } from '../per-context';
import { createApiKeyCache, type AuthedPartner, type ResolvedKey } from './api-key-cache';
import './reader';

export type { AuthedPartner } from './api-key-cache';

declare module 'express-serve-static-core' {
  interface Request {
    partner?: AuthedPartner;
  }
}

function bearerOf(h: string | undefined): string | undefined {
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

const bearer = (req: Request) => bearerOf(req.headers.authorization);

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
 * The key an `Authorization: Bearer` header names, if its scope is in `scopes`; else the 401 or
 * 403 thrown. Synchronous while the key is cached (every order after the first in
 * API_KEY_CACHE_MS): the ordering path then waits on no promise for it. `call` names the
 * refused call in the 403, asked only then.
 */
export function authenticator(ctx: Context, scopes: readonly ApiKeyScope[]) {
  const cache = apiKeyCache(ctx);
  return (authorization: string | undefined, call: () => string): ResolvedKey | Promise<ResolvedKey> => {
    const key = bearerOf(authorization);
    if (!key) throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <apiKey> is required');
    const hash = sha256Hex(key);
    const hit = cache.cached(hash);
    if (hit) return admitted(hit, scopes, call);
    return cache.lookup(hash).then((found) => {
      if (!found) throw new AppError('UNAUTHENTICATED', 'unknown API key');
      return admitted(found, scopes, call);
    });
  };
}

function admitted(found: ResolvedKey, scopes: readonly ApiKeyScope[], call: () => string): ResolvedKey {
  if (!scopes.includes(found.scope)) {
    throw new AppError('FORBIDDEN_SCOPE', `this API key has scope '${found.scope}'; ${call()} needs ${scopes.map((s) => `'${s}'`).join(' or ')}`);
  }
  return found;
}

/**
 * API-key authentication: keys are looked up by their SHA-256 (api-key-cache.ts). A key whose
 * scope is not in `scopes` is refused with 403 FORBIDDEN_SCOPE; the default admits `full` keys only,
 * so a new route is closed to narrower keys unless it says otherwise.
 */
export function requirePartner(ctx: Context, scopes: readonly ApiKeyScope[] = ['full']) {
  const authenticate = authenticator(ctx, scopes);
  return async (req: Request, _res: Response, next: NextFunction) => {
    const found = await authenticate(req.headers.authorization, () => `${req.method} ${req.baseUrl}${req.path}`);
    req.partner = found.partner;
    req.apiKeyId = found.keyId;
    next();
  };
}

export function partnerOf(req: Request): AuthedPartner {
  if (!req.partner) throw new AppError('UNAUTHENTICATED', 'not authenticated');
  return req.partner;
}
