import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { safeEqual, sha256Hex } from '@mca/platform';
import type { Context } from '@mca/core';
import { lookupApiKey, requirePartner } from '../http/auth';
import { errorPage } from './error-page';
import { adminSignInPage, signInPage, type SignInMessage } from './pages/sign-in';
import { clearSession, csrfValid, newSession, readSession, writeSession, type ConsoleSession } from './session';

declare module 'express-serve-static-core' {
  interface Request {
    consoleSession?: ConsoleSession;
    /** Authenticated by `Authorization: Bearer <apiKey>` (scripts, the authorization sweep): no cookie, so no CSRF. */
    consoleBearer?: boolean;
  }
}

export const formBody = express.urlencoded({ extended: false, limit: '16kb' });

const MESSAGES = new Set<SignInMessage>(['signedOut', 'sessionEnded']);

/** The session of this request, or a fresh anonymous one (its CSRF token guards the sign-in form). */
function sessionOrAnonymous(ctx: Context, req: Request, res: Response): ConsoleSession {
  const existing = readSession(ctx, req);
  if (existing) return existing;
  const fresh = newSession(ctx);
  writeSession(ctx, req, res, fresh);
  return fresh;
}

/**
 * Signed-in pages: the session's key is looked up on every request, exactly like a bearer key,
 * so revoking the key (DELETE /v1/api-keys/{id}) ends the session.
 */
export function requireConsolePartner(ctx: Context) {
  const bearer = requirePartner(ctx);
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization) {
      req.consoleBearer = true;
      return bearer(req, res, next);
    }
    const session = readSession(ctx, req);
    const key = session?.keyHash ? await lookupApiKey(ctx, session.keyHash) : undefined;
    if (!session || !key || key.scope !== 'full') {
      if (session?.keyHash) clearSession(req, res);
      return res.redirect(303, session?.keyHash ? '/?m=sessionEnded' : '/');
    }
    req.consoleSession = session;
    req.partner = key.partner;
    req.apiKeyId = key.keyId;
    next();
  };
}

/** Every form post carries the session's CSRF token; SameSite=Strict is the second line. */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || req.consoleBearer) return next();
  if (!csrfValid(req.consoleSession, req)) {
    res
      .status(403)
      .type('html')
      .send(String(errorPage(403, {})));
    return;
  }
  next();
}

export function consoleAuthRoutes(ctx: Context): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const session = sessionOrAnonymous(ctx, req, res);
    if (session.keyHash && (await lookupApiKey(ctx, session.keyHash))) return res.redirect(303, '/customers');
    const m = String(req.query.m ?? '') as SignInMessage;
    res.type('html').send(String(signInPage(session.csrf, MESSAGES.has(m) ? m : undefined)));
  });

  r.post('/sign-in', formBody, async (req, res) => {
    const session = readSession(ctx, req);
    if (!csrfValid(session, req))
      return res
        .status(403)
        .type('html')
        .send(String(errorPage(403, {})));
    const apiKey = typeof req.body?.apiKey === 'string' ? req.body.apiKey.trim() : '';
    const key = apiKey ? await lookupApiKey(ctx, sha256Hex(apiKey)) : undefined;
    if (!key || key.scope !== 'full') {
      return res
        .status(401)
        .type('html')
        .send(String(signInPage(session!.csrf, key ? 'ordersKey' : 'unknownKey')));
    }
    // A new session (and CSRF token) at sign-in: a token seen before it is worth nothing after.
    writeSession(ctx, req, res, newSession(ctx, { keyHash: sha256Hex(apiKey) }));
    res.redirect(303, '/customers');
  });

  r.post('/sign-out', formBody, (req, res) => {
    if (!csrfValid(readSession(ctx, req), req))
      return res
        .status(403)
        .type('html')
        .send(String(errorPage(403, {})));
    clearSession(req, res);
    res.redirect(303, '/?m=signedOut');
  });

  r.get('/admin/sign-in', (req, res) => {
    const session = sessionOrAnonymous(ctx, req, res);
    res.type('html').send(String(adminSignInPage(session.csrf, ctx.config.ADMIN_TOKEN ? undefined : 'adminDisabled')));
  });

  r.post('/admin/sign-in', formBody, (req, res) => {
    const session = readSession(ctx, req);
    if (!csrfValid(session, req))
      return res
        .status(403)
        .type('html')
        .send(String(errorPage(403, {})));
    const expected = ctx.config.ADMIN_TOKEN;
    const token = typeof req.body?.adminToken === 'string' ? req.body.adminToken : '';
    if (!expected || !safeEqual(token, expected)) {
      return res
        .status(401)
        .type('html')
        .send(String(adminSignInPage(session!.csrf, expected ? 'wrongToken' : 'adminDisabled')));
    }
    writeSession(ctx, req, res, newSession(ctx, { admin: true }));
    res.redirect(303, '/admin/queues');
  });

  return r;
}

/** The queue dashboard's guard: `Authorization: Bearer $ADMIN_TOKEN`, or an operator session. */
export function requireOperator(ctx: Context) {
  return (req: Request, res: Response, next: NextFunction) => {
    const expected = ctx.config.ADMIN_TOKEN;
    if (!expected) return res.status(404).type('text').send('the queue dashboard is off (ADMIN_TOKEN is not set)');
    const h = req.headers.authorization;
    if (h?.startsWith('Bearer ') && safeEqual(h.slice(7).trim(), expected)) return next();
    if (readSession(ctx, req)?.admin) return next();
    if (req.method === 'GET' && !req.path.startsWith('/api/')) return res.redirect(303, '/admin/sign-in');
    res.status(401).type('text').send('admin token required');
  };
}
