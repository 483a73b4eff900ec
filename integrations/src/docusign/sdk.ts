import docusign from 'docusign-esign';
import type { SdkApiClient, SdkEnvelopesApi } from './sdk-types';

/**
 * The one place that constructs SDK objects. setBasePath re-derives the OAuth host from the REST
 * host (anything not https://demo… becomes production), so the configured OAuth host must be set after it.
 */
export function newApiClient(basePath: string, oAuthBasePath: string): SdkApiClient {
  const client = new docusign.ApiClient();
  client.setBasePath(basePath);
  client.setOAuthBasePath(oAuthBasePath);
  return client;
}

/** One ApiClient per access token: its default headers are the token, so clients are never shared across tokens. */
export function newEnvelopesApi(basePath: string, oAuthBasePath: string, accessToken: string): SdkEnvelopesApi {
  const client = newApiClient(basePath, oAuthBasePath);
  client.addDefaultHeader('Authorization', `Bearer ${accessToken}`);
  return new docusign.EnvelopesApi(client);
}
