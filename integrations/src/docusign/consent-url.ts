/** Replaced by the operator: DocuSign only redirects to a URI registered on the integration key. */
export const CONSENT_REDIRECT_PLACEHOLDER = 'REDIRECT_URI';

/**
 * The one-time grant page for JWT impersonation (same URL as the SDK's getJWTUri). After the user
 * grants, the browser lands on the redirect URI; what happens there does not matter for JWT.
 */
export function consentUrl(oAuthBasePath: string, integrationKey: string, redirectUri = CONSENT_REDIRECT_PLACEHOLDER): string {
  return (
    `https://${oAuthBasePath}/oauth/auth?response_type=code` +
    `&scope=${encodeURIComponent('signature impersonation')}` +
    `&client_id=${encodeURIComponent(integrationKey)}` +
    `&redirect_uri=${encodeURIComponent(redirectUri)}`
  );
}
