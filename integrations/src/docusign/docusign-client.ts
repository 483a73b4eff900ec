import { DocuSignError } from './docusign-error';
import { buildEnvelopeDefinition, REQUEST_ID_FIELD } from './envelope-definition';
import { envelopeStateFromRest, signersFromRestRecipients } from './envelope-state';
import { mapSdkError } from './map-sdk-error';
import { newEnvelopesApi } from './sdk';
import type { SdkEnvelopesApi } from './sdk-types';
import { createTokenProvider } from './token-provider';
import type { DocuSignClient, DocuSignSettings } from './types';
import { asObject, readArray, readString } from '../../../platform/src/wire/json-readers';

/**
 * eSignature REST through the official SDK with JWT grant. The configured basePath is used as is
 * (no userinfo lookup): production accounts live on a pod, whose URL goes into the settings.
 * Every failure is a DocuSignError (see map-sdk-error.ts for the mapping).
 */
export function createDocuSignClient(settings: DocuSignSettings, opts: { now?: () => number } = {}): DocuSignClient {
  const now = opts.now ?? Date.now;
  const tokens = createTokenProvider(settings, now);
  const { accountId } = settings;
  let api: { token: string; envelopes: SdkEnvelopesApi } | undefined;

  function envelopesApiFor(token: string): SdkEnvelopesApi {
    if (api?.token !== token) api = { token, envelopes: newEnvelopesApi(settings.basePath, settings.oAuthBasePath, token) };
    return api.envelopes;
  }

  /** A 401 with a cached token means DocuSign dropped it early: one retry with a fresh token. */
  async function call<T>(what: string, fn: (envelopes: SdkEnvelopesApi) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get();
      try {
        return await fn(envelopesApiFor(token));
      } catch (err) {
        const mapped = await mapSdkError(err, what, now());
        if (mapped instanceof DocuSignError && mapped.status === 401 && attempt === 1) {
          tokens.invalidate(token);
          continue;
        }
        throw mapped;
      }
    }
  }

  return {
    async createEnvelope(input) {
      const summary = await call('create envelope', (e) => e.createEnvelope(accountId, { envelopeDefinition: buildEnvelopeDefinition(input) }));
      if (!summary.envelopeId) throw new DocuSignError('unavailable', 'DocuSign create envelope answered without an envelopeId');
      return { envelopeId: summary.envelopeId, status: (summary.status ?? 'sent').toLowerCase() };
    },

    async getEnvelope(envelopeId) {
      const raw = await call(`get envelope ${envelopeId}`, (e) => e.getEnvelope(accountId, envelopeId, { include: 'recipients' }));
      const state = envelopeStateFromRest(raw, envelopeId);
      if (asObject(raw)?.recipients === undefined) {
        // Not seen in practice; listRecipients is the documented fallback and costs one more call.
        const recipients = await call(`list recipients ${envelopeId}`, (e) => e.listRecipients(accountId, envelopeId));
        state.signers = signersFromRestRecipients(recipients);
      }
      return state;
    },

    async getDocument(envelopeId, which) {
      const body = await call(`get ${which} document of ${envelopeId}`, (e) => e.getDocument(accountId, envelopeId, which));
      // The SDK resolves to '' for an empty body, and to a string only if asked for base64 transfer encoding.
      const pdf = Buffer.isBuffer(body) ? body : Buffer.from(body, 'base64');
      if (pdf.length === 0) throw new DocuSignError('unavailable', `DocuSign returned an empty ${which} document for ${envelopeId}`);
      return pdf;
    },

    async findEnvelopeForRequest(requestId, since) {
      const raw = await call(`look up the envelope of request ${requestId}`, (e) =>
        e.listStatusChanges(accountId, { fromDate: since.toISOString(), customField: `${REQUEST_ID_FIELD}=${requestId}` }),
      );
      const found = readArray(asObject(raw), 'envelopes')
        .map(asObject)
        .find((env) => readString(env, 'envelopeId') && readString(env, 'status')?.toLowerCase() !== 'voided');
      return readString(found, 'envelopeId');
    },

    async voidEnvelope(envelopeId, reason) {
      const result = await call(`void envelope ${envelopeId}`, (e) =>
        e.update(accountId, envelopeId, { envelope: { status: 'voided', voidedReason: reason } }),
      );
      throwOnErrorDetails(result.errorDetails, `void envelope ${envelopeId}`);
    },

    async resendEnvelope(envelopeId) {
      const result = await call(`resend envelope ${envelopeId}`, (e) => e.update(accountId, envelopeId, { resendEnvelope: 'true' }));
      throwOnErrorDetails(result.errorDetails, `resend envelope ${envelopeId}`);
    },
  };
}

/** Updates can answer 200 and still report a failure in errorDetails. */
function throwOnErrorDetails(details: { errorCode?: string; message?: string } | undefined, what: string): void {
  if (!details?.errorCode) return;
  throw new DocuSignError('invalid-request', `DocuSign ${what} failed: ${details.errorCode}: ${details.message ?? ''}`.trim(), {
    status: 200,
    code: details.errorCode,
  });
}
