import { domainsAlign, readTrustedAuthenticationResults, type InboundMessage } from '@mca/inbound-email';

const OURS = 'mx.in.contoso.example';

function withAuthResults(value: string, from = 'kari@fabrikam.example'): InboundMessage {
  return {
    isMultipartReport: false,
    references: [],
    recipients: [],
    addressees: [],
    repeatedHeaders: [],
    from: { address: from },
    text: '',
    headers: [
      { key: 'authentication-results', value: `${OURS}; ${value}` },
      { key: 'from', value: `Kari <${from}>` },
    ],
  };
}

describe('domainsAlign (relaxed: the same organizational domain, public suffix list)', () => {
  test.each([
    ['fabrikam.example', 'fabrikam.example', true],
    ['mail.fabrikam.example', 'fabrikam.example', true],
    ['a.fabrikam.co.uk', 'b.fabrikam.co.uk', true],
    ['FABRIKAM.co.uk.', 'news.fabrikam.co.uk', true],
    ['fabrikam.co.uk', 'contoso.co.uk', false],
    ['co.uk', 'fabrikam.co.uk', false],
    ['alice.github.io', 'bob.github.io', false], // private suffixes count: github.io hands out subdomains
    ['fabrikam.example', 'fabrikam.example.evil.example', false],
    [undefined, 'fabrikam.example', false],
  ] as const)('%s ~ %s -> %s', (a, b, aligned) => {
    expect(domainsAlign(a, b)).toBe(aligned);
  });
});

describe('readTrustedAuthenticationResults compares with the From we parsed', () => {
  test('DKIM and SPF alignment are reported separately', () => {
    expect(
      readTrustedAuthenticationResults(
        withAuthResults('dkim=pass header.d=mail.fabrikam.example; spf=pass smtp.mailfrom=esp.example; dmarc=pass header.from=fabrikam.example'),
        OURS,
      ),
    ).toMatchObject({
      authentic: true,
      alignedDkimPass: true,
      alignedSpfPass: false,
    });
    expect(
      readTrustedAuthenticationResults(
        withAuthResults('dkim=none; spf=pass smtp.mailfrom=bounces@fabrikam.example; dmarc=pass header.from=fabrikam.example'),
        OURS,
      ),
    ).toMatchObject({
      authentic: true,
      alignedDkimPass: false,
      alignedSpfPass: true,
    });
  });

  test('a verdict about another From domain (header.from) proves nothing about ours', () => {
    const verdict = readTrustedAuthenticationResults(
      withAuthResults('dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example; dmarc=pass header.from=evil.example'),
      OURS,
    );
    expect(verdict).toMatchObject({ authentic: false, alignedDkimPass: false, alignedSpfPass: false });
    expect(verdict?.detail).toMatch(/header\.from=evil\.example is not the From domain fabrikam\.example/);
  });
});
