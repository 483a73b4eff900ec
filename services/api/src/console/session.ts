import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { safeEqual } from '@mca/platform';
import type { Context } from '@mca/core';

/**
 * The console's session: a cookie sealed with the service's SECRETS_KEY (AES-256-GCM, so it is
 * signed and unreadable), holding the SHA-256 of the partner's API key, never the key. Each
 * request looks the hash up like the API does (api-key-cache), so a revoked key ends its
 * sessions within the cache's 5 s. The same cookie carries the CSRF token of the forms.
 */
export const SESSION_COOKIE = 'mca_console';
const SEAL_CONTEXT = 'console-session:v1';
const SESSION_HOURS = 12;
const SEALED_PREFIX = 'sealed:';

export interface ConsoleSession {
  /** SHA-256 of the API key signed in with; absent before sign-in. */
  keyHash?: string;
  /** Signed in with ADMIN_TOKEN: the queue dashboard only. */
  admin?: boolean;
  csrf: string;
  expiresAt: number;
}

export function newSession(ctx: Context, fields: Pick<ConsoleSession, 'keyHash' | 'admin'> = {}): ConsoleSession {
  return { ...fields, csrf: randomBytes(24).toString('base64url'), expiresAt: ctx.now().getTime() + SESSION_HOURS * 3_600_000 };
}

export function readSession(ctx: Context, req: Request): ConsoleSession | undefined {
  const sealed = cookieValue(req, SESSION_COOKIE);
  // open() hands an unsealed value back as it is: only a sealed one may be a session.
  if (!sealed?.startsWith(SEALED_PREFIX)) return undefined;
  try {
    const s = JSON.parse(ctx.secrets.open(sealed, SEAL_CONTEXT)) as ConsoleSession;
    return typeof s.csrf === 'string' && s.expiresAt > ctx.now().getTime() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function writeSession(ctx: Context, req: Request, res: Response, session: ConsoleSession): void {
  res.cookie(SESSION_COOKIE, ctx.secrets.seal(JSON.stringify(session), SEAL_CONTEXT), {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_HOURS * 3_600_000,
    encode: String,
  });
}

export function clearSession(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** The synchronizer token: every form posts the session's token back in `_csrf`. */
export function csrfValid(session: ConsoleSession | undefined, req: Request): boolean {
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  return Boolean(session && typeof sent === 'string' && safeEqual(sent, session.csrf));
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
