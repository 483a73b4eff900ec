import { parseAuthenticationResults, readTrustedAuthenticationResults, type InboundMessage } from '@mca/inbound-email';

const OURS = 'mx.in.contoso.example';

function withAuthResults(values: string[], from = 'kari@fabrikam.example'): InboundMessage {
  return {
    isMultipartReport: false,
    references: [],
    recipients: [],
    addressees: [],
    repeatedHeaders: [],
    from: { address: from },
    text: '',
    headers: [...values.map((value) => ({ key: 'authentication-results', value })), { key: 'from', value: `Kari <${from}>` }],
  };
}

describe('parseAuthenticationResults', () => {
  test('reads authserv-id, methods, results, reasons and properties, ignoring comments', () => {
    const parsed = parseAuthenticationResults(
      'mx.in.contoso.example 1; dkim=pass (2048-bit key; unprotected) header.d=fabrikam.example header.i=@fabrikam.example header.s=sel1; ' +
        'spf=softfail (domain of transitioning x@y does not designate) smtp.mailfrom=bounce@mail.fabrikam.example; ' +
        'dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=fabrikam.example; arc=none reason="no \\"chain\\""',
    );
    expect(parsed).toEqual({
      authservId: 'mx.in.contoso.example',
      results: [
        { method: 'dkim', result: 'pass', properties: { 'header.d': 'fabrikam.example', 'header.i': '@fabrikam.example', 'header.s': 'sel1' } },
        { method: 'spf', result: 'softfail', properties: { 'smtp.mailfrom': 'bounce@mail.fabrikam.example' } },
        { method: 'dmarc', result: 'pass', properties: { 'header.from': 'fabrikam.example' } },
        { method: 'arc', result: 'none', reason: 'no "chain"', properties: {} },
      ],
    });
  });

  test.each([
    ['no-result statement', 'mx.in.contoso.example; none', []],
    [
      'version after a slash and odd spacing',
      'mx.in.contoso.example;dkim/1 = fail header.d=x.example',
      [{ method: 'dkim', result: 'fail', properties: { 'header.d': 'x.example' } }],
    ],
    [
      'unknown result keyword',
      'mx.in.contoso.example; dmarc=bogus header.from=x.example',
      [{ method: 'dmarc', result: 'permerror', properties: { 'header.from': 'x.example' } }],
    ],
    [
      'a semicolon inside a quoted reason',
      'mx.in.contoso.example; spf=fail reason="a;b" smtp.mailfrom=x.example',
      [{ method: 'spf', result: 'fail', reason: 'a;b', properties: { 'smtp.mailfrom': 'x.example' } }],
    ],
  ] as const)('handles %s', (_label, value, results) => {
    expect(parseAuthenticationResults(value)?.results).toEqual(results);
  });

  test('returns null without an authserv-id', () => {
    expect(parseAuthenticationResults('; dkim=pass')).toBeNull();
  });
});

describe('readTrustedAuthenticationResults', () => {
  test.each([
    ['our dmarc=pass', true, 'pass', [`${OURS}; dkim=pass header.d=fabrikam.example; spf=none; dmarc=pass header.from=fabrikam.example`]],
    [
      'our dmarc=fail',
      false,
      'fail',
      [`${OURS}; dkim=fail header.d=fabrikam.example; spf=fail smtp.mailfrom=fabrikam.example; dmarc=fail header.from=fabrikam.example`],
    ],
    ['our dmarc=temperror', false, 'temperror', [`${OURS}; dkim=pass header.d=fabrikam.example; dmarc=temperror header.from=fabrikam.example`]],
    ['no DMARC record, aligned DKIM pass', true, 'none', [`${OURS}; dkim=pass header.d=fabrikam.example; spf=none; dmarc=none header.from=fabrikam.example`]],
    ['no DMARC record, DKIM from a parent domain', true, 'none', [`${OURS}; dkim=pass header.i=@fabrikam.example; dmarc=none`]],
    ['no DMARC record, DKIM pass of another domain', false, 'none', [`${OURS}; dkim=pass header.d=mailer.example; dmarc=none header.from=fabrikam.example`]],
    ['no DMARC record, aligned SPF pass', true, 'none', [`${OURS}; spf=pass smtp.mailfrom=bounces@mail.fabrikam.example; dmarc=none`]],
    ['no DMARC record, SPF pass of another domain', false, 'none', [`${OURS}; spf=pass smtp.mailfrom=bounces@esp.example; dmarc=none`]],
    ['no DMARC record, nothing passes', false, 'none', [`${OURS}; dkim=none; spf=none; dmarc=none`]],
    ['case-insensitive authserv-id', true, 'pass', [`MX.IN.CONTOSO.EXAMPLE; dmarc=pass header.from=fabrikam.example`]],
  ] as const)('%s -> authentic=%s, dmarc=%s', (_label, authentic, dmarc, headers) => {
    const verdict = readTrustedAuthenticationResults(withAuthResults([...headers]), OURS);
    expect(verdict).toMatchObject({ source: 'authentication-results', authentic, dmarc });
  });

  test('ignores a forged pass under another authserv-id', () => {
    const msg = withAuthResults([`evil.example; dkim=pass header.d=fabrikam.example; dmarc=pass header.from=fabrikam.example`]);
    expect(readTrustedAuthenticationResults(msg, OURS)).toBeNull();
  });

  test('a forged pass does not outvote our fail', () => {
    const msg = withAuthResults([
      `${OURS}; dkim=pass header.d=fabrikam.example; dmarc=pass header.from=fabrikam.example`, // forged, same id
      `evil.example; dmarc=pass header.from=fabrikam.example`,
      `${OURS}; dkim=fail header.d=fabrikam.example; dmarc=fail header.from=fabrikam.example`,
    ]);
    expect(readTrustedAuthenticationResults(msg, OURS)).toMatchObject({ authentic: false, dmarc: 'fail', dkim: 'fail' });
  });

  test('one passing DKIM signature is enough even if another fails (mailing lists)', () => {
    const msg = withAuthResults([`${OURS}; dkim=fail header.d=list.example; dkim=pass header.d=fabrikam.example; dmarc=pass header.from=fabrikam.example`]);
    expect(readTrustedAuthenticationResults(msg, OURS)).toMatchObject({ dkim: 'pass', authentic: true });
  });

  test('returns null without an authserv-id to trust', () => {
    expect(readTrustedAuthenticationResults(withAuthResults([`${OURS}; dmarc=pass`]), '  ')).toBeNull();
  });
});
