import { createHmac } from 'node:crypto';
import { verifyConnectSignature } from '@mca/integrations';
import { connectFixture } from './connect-fixtures';

const body = connectFixture('sim-envelope-completed-with-envelopeSummary.json');
const KEY = 'connect-key-current-0123456789abcdef';
const OLD_KEY = 'connect-key-previous-fedcba9876543210';
const sign = (raw: Buffer, key: string) => createHmac('sha256', key).update(raw).digest('base64');

describe('verifyConnectSignature', () => {
  test('accepts the base64 HMAC-SHA256 of the exact body', () => {
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': sign(body, KEY) }, [KEY])).toBe(true);
  });

  test('rejects a signature made with another key', () => {
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': sign(body, 'someone-elses-key') }, [KEY])).toBe(false);
  });

  test('rejects a body changed after signing, even by one trailing space', () => {
    const signature = sign(body, KEY);
    expect(verifyConnectSignature(Buffer.concat([body, Buffer.from(' ')]), { 'x-docusign-signature-1': signature }, [KEY])).toBe(false);
    const swapped = Buffer.from(body.toString('utf8').replace('"status":"completed"', '"status":"declined"'));
    expect(verifyConnectSignature(swapped, { 'x-docusign-signature-1': signature }, [KEY])).toBe(false);
  });

  test('key rotation: any configured key matching any X-DocuSign-Signature-N header is enough', () => {
    // DocuSign sends one header per active key while both keys are active.
    const headers = { 'x-docusign-signature-1': sign(body, OLD_KEY), 'x-docusign-signature-2': sign(body, KEY) };
    expect(verifyConnectSignature(body, headers, [KEY])).toBe(true);
    expect(verifyConnectSignature(body, headers, [OLD_KEY])).toBe(true);
    expect(verifyConnectSignature(body, headers, ['retired', KEY])).toBe(true);
    // After DocuSign drops the old key only signature-1 (new key) arrives; a verifier still on the old key fails.
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': sign(body, KEY) }, [OLD_KEY])).toBe(false);
  });

  test('no signature header, or no keys configured, is never valid', () => {
    expect(verifyConnectSignature(body, {}, [KEY])).toBe(false);
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': undefined }, [KEY])).toBe(false);
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': sign(body, KEY) }, [])).toBe(false);
  });

  test('an empty configured key is ignored (anyone can compute an HMAC with the empty key)', () => {
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': sign(body, '') }, [''])).toBe(false);
  });

  test('a signature of another length is rejected without throwing', () => {
    const good = sign(body, KEY);
    for (const value of ['', 'abc', good.slice(0, -4), `${good}AAAA`, Buffer.alloc(64).toString('base64')]) {
      expect(verifyConnectSignature(body, { 'x-docusign-signature-1': value }, [KEY])).toBe(false);
    }
  });

  test('only x-docusign-signature-N headers count; repeated headers and any case are read', () => {
    const good = sign(body, KEY);
    expect(verifyConnectSignature(body, { 'x-docusign-signature': good, 'x-signature-1': good }, [KEY])).toBe(false);
    expect(verifyConnectSignature(body, { 'x-docusign-signature-1': ['forged', good] }, [KEY])).toBe(true);
    expect(verifyConnectSignature(body, { 'X-DocuSign-Signature-3': good }, [KEY])).toBe(true);
  });
});
