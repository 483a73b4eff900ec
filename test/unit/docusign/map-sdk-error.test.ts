import { Readable } from 'node:stream';
import { DocuSignError } from '@mca/integrations';
import { mapSdkError } from '../../../integrations/src/docusign/map-sdk-error';
import { retryAfterMs } from '../../../integrations/src/docusign/retry-after';

const NOW = Date.UTC(2026, 10, 22, 10, 15, 0);

/** The shape axios rejects with (what the SDK passes through). */
function axiosError(status: number, data: unknown, headers: Record<string, string> = {}) {
  return { isAxiosError: true, message: `Request failed with status code ${status}`, response: { status, headers, data } };
}

async function mapped(err: unknown): Promise<DocuSignError> {
  const result = await mapSdkError(err, 'get envelope', NOW);
  if (!(result instanceof DocuSignError)) throw new Error('expected a DocuSignError');
  return result;
}

describe('mapSdkError', () => {
  test.each([
    [401, 'AUTHORIZATION_INVALID_TOKEN', 'auth', true],
    [403, 'USER_LACKS_PERMISSIONS', 'auth', true],
    [404, undefined, 'not-found', true],
    [400, 'ENVELOPE_DOES_NOT_EXIST', 'not-found', true],
    [400, 'INVALID_REQUEST_PARAMETER', 'invalid-request', true],
    [409, undefined, 'invalid-request', true],
    [500, 'UNSPECIFIED_ERROR', 'unavailable', false],
    [503, undefined, 'unavailable', false],
  ] as const)('HTTP %i %s -> %s', async (status, errorCode, kind, permanent) => {
    const err = await mapped(axiosError(status, errorCode ? { errorCode, message: 'details' } : ''));
    expect(err).toMatchObject({ kind, permanent, status });
    expect(err.code).toBe(errorCode);
    expect(err.message).toContain(`HTTP ${status}`);
  });

  test.each(['HOURLY_APIINVOCATION_LIMIT_EXCEEDED', 'Burst_Envelope_Polling_Limit_Exceeded', 'Hourly_APIInvocation_Envelope_Limit_Exceeded'])(
    '400 %s is a rate limit, not a bad request',
    async (errorCode) => {
      const err = await mapped(axiosError(400, { errorCode, message: 'slow down' }));
      expect(err).toMatchObject({ kind: 'rate-limited', permanent: false, status: 400, code: errorCode, retryAfterMs: 30_000 });
    },
  );

  test('429 reads the wait from the headers', async () => {
    const err = await mapped(axiosError(429, '', { 'retry-after': '12' }));
    expect(err).toMatchObject({ kind: 'rate-limited', retryAfterMs: 12_000 });
  });

  test('an error body that arrives as a stream (document downloads) is still read', async () => {
    const body = Readable.from([Buffer.from('{"errorCode":"ENVELOPE_DOES_NOT_EXIST",'), Buffer.from('"message":"gone"}')]);
    const err = await mapped(axiosError(400, body));
    expect(err).toMatchObject({ kind: 'not-found', code: 'ENVELOPE_DOES_NOT_EXIST' });
    expect(err.message).toContain('gone');
  });

  test('OAuth errors ({error, error_description}) keep their code', async () => {
    const err = await mapped(axiosError(400, { error: 'invalid_grant', error_description: 'no_valid_keys_or_signatures' }));
    expect(err).toMatchObject({ code: 'invalid_grant' });
    expect(err.message).toContain('no_valid_keys_or_signatures');
  });

  test('no response (refused, timed out) is unavailable', async () => {
    const err = await mapped({ isAxiosError: true, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:443' });
    expect(err).toMatchObject({ kind: 'unavailable', permanent: false });
    expect(err.status).toBeUndefined();
    expect(err.message).toContain('ECONNREFUSED');
  });

  test('the bearer token in the axios config never reaches the error', async () => {
    const err = await mapped({ ...axiosError(500, ''), config: { headers: { Authorization: 'Bearer secret-token-value' } } });
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('secret-token-value');
  });

  test('errors that are not HTTP errors are ours and pass through unchanged', async () => {
    const bug = new TypeError('x is undefined');
    expect(await mapSdkError(bug, 'get envelope', NOW)).toBe(bug);
  });
});

describe('retryAfterMs', () => {
  const headers = (h: Record<string, string>) => (name: string) => h[name];
  const nextHour = Math.ceil(NOW / 3_600_000) * 3600;

  test.each([
    ['Retry-After seconds', { 'retry-after': '7' }, 7_000],
    ['Retry-After HTTP date', { 'retry-after': new Date(NOW + 90_000).toUTCString() }, 90_000],
    ['burst window spent wins over the hourly reset', { 'x-burstlimit-remaining': '0', 'x-ratelimit-reset': String(nextHour) }, 30_000],
    [
      'hourly quota: until X-RateLimit-Reset',
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nextHour), 'x-burstlimit-remaining': '150' },
      45 * 60_000,
    ],
    ['a reset in the past', { 'x-ratelimit-reset': String(NOW / 1000 - 5) }, 30_000],
    ['nothing to go on', {}, 30_000],
  ])('%s', (_label, h, expected) => {
    expect(retryAfterMs(headers(h), NOW)).toBe(expected);
  });
});
