import { consentUrl, CONSENT_REDIRECT_PLACEHOLDER } from './consent-url';
import { DocuSignError } from './docusign-error';
import { mapSdkError } from './map-sdk-error';
import { newApiClient } from './sdk';
import type { SdkApiClient } from './sdk-types';
import type { DocuSignSettings } from './types';

const SCOPES = ['signature', 'impersonation'];
/** Lifetime of the signed JWT assertion (DocuSign allows up to an hour); the token's own lifetime comes back as expires_in. */
const ASSERTION_LIFETIME_SECONDS = 3600;
/** Renew this long before expiry so a token never runs out in the middle of a call. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface TokenProvider {
  get(): Promise<string>;
  /** Forget a token DocuSign refused (revoked before its expiry); the next get() asks for a new one. */
  invalidate(token: string): void;
}

/**
 * JWT grant with a cache: one token until 5 minutes before it expires, and callers that arrive
 * while a token request is running share it instead of starting their own.
 */
export function createTokenProvider(settings: DocuSignSettings, now: () => number): TokenProvider {
  // A client of its own: the SDK sends an ApiClient's default headers with the token request too,
  // and this one never carries a bearer token.
  const authClient = newApiClient(settings.basePath, settings.oAuthBasePath);
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const startedAt = now();
    const body = await requestJwtUserToken(authClient, settings, startedAt);
    const token = body.access_token;
    const expiresInMs = Number(body.expires_in) * 1000;
    if (!token || !(expiresInMs > 0)) {
      throw new DocuSignError('auth', 'DocuSign token response has no access_token/expires_in', { status: 200 });
    }
    // Short-lived tokens (under 10 min) would otherwise be renewed on every call.
    cached = { token, renewAt: startedAt + expiresInMs - Math.min(RENEW_BEFORE_MS, expiresInMs / 2) };
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= requestToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

async function requestJwtUserToken(client: SdkApiClient, s: DocuSignSettings, nowMs: number) {
  let response;
  try {
    response = await client.requestJWTUserToken(s.integrationKey, s.userId, SCOPES, s.privateKey, ASSERTION_LIFETIME_SECONDS);
  } catch (err) {
    throw await tokenError(err, s, nowMs);
  }
  return response.body;
}

async function tokenError(err: unknown, s: DocuSignSettings, nowMs: number): Promise<unknown> {
  const mapped = await mapSdkError(err, 'token request', nowMs);
  if (!(mapped instanceof DocuSignError)) {
    // jsonwebtoken throws synchronously on a key it cannot use; its message never contains the key.
    const reason = mapped instanceof Error ? mapped.message : String(mapped);
    return new DocuSignError('auth', `cannot sign the DocuSign JWT assertion with the configured private key: ${reason}`);
  }
  if (mapped.code === 'consent_required') {
    const url = consentUrl(s.oAuthBasePath, s.integrationKey);
    return new DocuSignError(
      'consent-required',
      `DocuSign user ${s.userId} has not granted consent to integration key ${s.integrationKey}. ` +
        `Open ${url} as that user (replace ${CONSENT_REDIRECT_PLACEHOLDER} with a redirect URI registered on the integration key) and grant access once.`,
      { ...(mapped.status ? { status: mapped.status } : {}), code: 'consent_required' },
    );
  }
  // invalid_grant, issuer_not_found, no_valid_keys_or_signatures …: configuration, not the request.
  if (mapped.kind === 'invalid-request') {
    return new DocuSignError('auth', mapped.message, { ...(mapped.status ? { status: mapped.status } : {}), ...(mapped.code ? { code: mapped.code } : {}) });
  }
  return mapped;
}
