import { isConsentMessageId, newConsentMessageId } from '@mca/inbound-email';

describe('consent Message-IDs', () => {
  test('carry 128 random bits: never the same twice, nothing derived from the request', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newConsentMessageId('reply.contoso.example')));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^consent-[0-9a-f]{32}@reply\.contoso\.example$/);
  });

  test('only the random form is ours: the old enumerable form and look-alikes are not', () => {
    expect(isConsentMessageId(newConsentMessageId('x.example'))).toBe(true);
    expect(isConsentMessageId('consent-6612a0b1c2d3e4f5a6b7c8d9-1@reply.contoso.example')).toBe(false);
    expect(isConsentMessageId('consent-0123456789abcdef0123456789abcdef@')).toBe(false);
    expect(isConsentMessageId('xconsent-0123456789abcdef0123456789abcdef@x.example')).toBe(false);
  });
});
