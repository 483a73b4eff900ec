import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { parseInboundMessage, verifyMessageAuthenticity } from '@mca/inbound-email';

const DOMAIN = 'fabrikam.example';
const SELECTOR = 'sel1';
const OURS = 'mx.in.contoso.example';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_B64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

const REPLY = [
  `From: Kari Nordmann <kari@${DOMAIN}>`,
  'To: Contoso Cloud AS <reply+3f2a9c0d1e4b5a69788796a5b4c3d2e1f0a9b8c7@in.contoso.example>',
  'Subject: SV: Forespørsel om å godta Microsoft-kundeavtalen for Fabrikam AS',
  'Date: Tue, 12 Mar 2019 14:21:07 +0100',
  `Message-ID: <reply-1@${DOMAIN}>`,
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Jeg godtar',
  '',
].join('\r\n');

type Zone = Record<string, string[][]>;
const zone = (dmarc: string | null): Zone => ({
  [`${SELECTOR}._domainkey.${DOMAIN}:TXT`]: [[`v=DKIM1; k=rsa; p=${PUBLIC_B64}`]],
  ...(dmarc ? { [`_dmarc.${DOMAIN}:TXT`]: [[dmarc]] } : {}),
});

/** Answers from `records`; anything else does not exist, as for a real NXDOMAIN. */
function resolverFor(records: Zone) {
  const lookups: string[] = [];
  const resolver = async (name: string, rrtype: string): Promise<unknown> => {
    lookups.push(`${name}:${rrtype}`);
    const answer = records[`${name}:${rrtype}`];
    if (answer) return answer;
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  return { resolver, lookups };
}

async function signed(message: string, signingDomain = DOMAIN): Promise<string> {
  // mailauth 4.13 ignores top-level signing options (despite its typings) and signs nothing
  // without signatureData; the top-level fields are only there to satisfy the types.
  const result = await dkimSign(message, {
    signingDomain,
    selector: SELECTOR,
    privateKey: PRIVATE_PEM,
    signatureData: [{ signingDomain, selector: SELECTOR, privateKey: PRIVATE_PEM }],
  });
  expect(result.errors).toEqual([]);
  expect(result.signatures).toMatch(/^DKIM-Signature: /);
  return result.signatures + message;
}

async function verify(raw: string, records: Zone, authservId?: string) {
  const buffer = Buffer.from(raw);
  const msg = await parseInboundMessage(buffer);
  const { resolver, lookups } = resolverFor(records);
  const verdict = await verifyMessageAuthenticity(buffer, msg, { resolver, ...(authservId ? { authservId } : {}) });
  return { verdict, lookups };
}

describe('verifyMessageAuthenticity with mailauth (no trusted Authentication-Results)', () => {
  test('a valid aligned DKIM signature under p=reject passes DMARC: authentic', async () => {
    const { verdict } = await verify(await signed(REPLY), zone('v=DMARC1; p=reject'));
    expect(verdict).toMatchObject({ source: 'mailauth', dkim: 'pass', dmarc: 'pass', spf: 'none', authentic: true });
    expect(verdict.detail).toContain('d=fabrikam.example');
  });

  test('a body altered after signing is not authentic', async () => {
    const raw = (await signed(REPLY)).replace('Jeg godtar', 'Jeg godtar ikke');
    const { verdict } = await verify(raw, zone('v=DMARC1; p=reject'));
    expect(verdict.authentic).toBe(false);
    expect(verdict.dkim).not.toBe('pass');
    expect(verdict.dmarc).toBe('fail');
  });

  test('a From header altered after signing is not authentic', async () => {
    const raw = (await signed(REPLY)).replace('From: Kari Nordmann', 'From: Ola Nordmann');
    const { verdict } = await verify(raw, zone('v=DMARC1; p=none'));
    expect(verdict).toMatchObject({ authentic: false, dmarc: 'fail' });
  });

  test('an unsigned message is not authentic, whatever the DMARC policy', async () => {
    const { verdict } = await verify(REPLY, zone('v=DMARC1; p=none'));
    expect(verdict).toMatchObject({ dkim: 'none', dmarc: 'fail', authentic: false });
  });

  test('an unsigned message from a domain without DMARC is not authentic (none is not a pass)', async () => {
    const { verdict } = await verify(REPLY, zone(null));
    expect(verdict).toMatchObject({ dkim: 'none', dmarc: 'none', authentic: false });
  });

  test('without a DMARC record, an aligned DKIM pass is accepted', async () => {
    const { verdict } = await verify(await signed(REPLY), zone(null));
    expect(verdict).toMatchObject({ dkim: 'pass', dmarc: 'none', authentic: true });
  });

  test('a valid signature of an unrelated domain does not prove the From domain', async () => {
    const records: Zone = { ...zone('v=DMARC1; p=reject'), [`${SELECTOR}._domainkey.mailer.example:TXT`]: [[`v=DKIM1; k=rsa; p=${PUBLIC_B64}`]] };
    const { verdict } = await verify(await signed(REPLY, 'mailer.example'), records);
    expect(verdict).toMatchObject({ dkim: 'pass', dmarc: 'fail', authentic: false });
  });

  test('a DNS failure is a temporary error, not authentic', async () => {
    const raw = await signed(REPLY);
    const msg = await parseInboundMessage(Buffer.from(raw));
    const failing = async () => {
      throw Object.assign(new Error('queryTxt ESERVFAIL'), { code: 'ESERVFAIL' });
    };
    const verdict = await verifyMessageAuthenticity(Buffer.from(raw), msg, { resolver: failing });
    expect(verdict).toMatchObject({ dkim: 'temperror', dmarc: 'temperror', authentic: false });
  });

  test('two From addresses are never authentic, even with a valid signature', async () => {
    const twoFrom = REPLY.replace(`From: Kari Nordmann <kari@${DOMAIN}>`, `From: Kari <kari@${DOMAIN}>, Ola <ola@${DOMAIN}>`);
    const { verdict } = await verify(await signed(twoFrom), zone('v=DMARC1; p=reject'));
    expect(verdict.authentic).toBe(false);
    expect(verdict.detail).toContain('2 mailbox(es)');
  });
});

describe('verifyMessageAuthenticity with Authentication-Results', () => {
  const withHeader = (value: string, message = REPLY) => `Authentication-Results: ${value}\r\n${message}`;

  test('a forged pass from another authserv-id is ignored: the unsigned message is checked and fails', async () => {
    const raw = withHeader(`evil.example; dkim=pass header.d=${DOMAIN}; dmarc=pass header.from=${DOMAIN}`);
    const { verdict, lookups } = await verify(raw, zone('v=DMARC1; p=reject'), OURS);
    expect(verdict).toMatchObject({ source: 'mailauth', authentic: false, dmarc: 'fail' });
    expect(lookups).toContain(`_dmarc.${DOMAIN}:TXT`);
  });

  test('our trusted dmarc=pass is used as it is, without DNS', async () => {
    const raw = withHeader(`${OURS}; dkim=pass header.d=${DOMAIN}; spf=pass smtp.mailfrom=${DOMAIN}; dmarc=pass header.from=${DOMAIN}`);
    const { verdict, lookups } = await verify(raw, {}, OURS);
    expect(verdict).toMatchObject({ source: 'authentication-results', dkim: 'pass', spf: 'pass', dmarc: 'pass', authentic: true });
    expect(lookups).toEqual([]);
  });

  test('our trusted dmarc=fail is not authentic even if the signature would verify now', async () => {
    const raw = withHeader(`${OURS}; dkim=fail header.d=${DOMAIN}; dmarc=fail header.from=${DOMAIN}`, await signed(REPLY));
    const { verdict } = await verify(raw, zone('v=DMARC1; p=reject'), OURS);
    expect(verdict).toMatchObject({ source: 'authentication-results', dmarc: 'fail', authentic: false });
  });

  test('without a configured authserv-id every Authentication-Results header is ignored', async () => {
    const raw = withHeader(`${OURS}; dmarc=pass header.from=${DOMAIN}`);
    const { verdict } = await verify(raw, zone('v=DMARC1; p=reject'));
    expect(verdict).toMatchObject({ source: 'mailauth', authentic: false });
  });
});
