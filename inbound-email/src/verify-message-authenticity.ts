import { authenticate, type AuthenticateOptions, type DNSResolver } from 'mailauth';
import { addressParser } from 'postal-mime';
import { decideAuthentic, domainOf, domainsAlign, toAuthResult, worstResult, type AuthVerdict } from './auth-verdict';
import { readTrustedAuthenticationResults } from './authentication-results';
import { headerValues, type InboundMessage } from './inbound-message';

export interface VerifyAuthenticityOptions {
  /** authserv-id of our own receiving server; its Authentication-Results header is trusted. */
  authservId?: string;
  /** DNS lookup override `(name, rrtype)`; defaults to the system resolver. */
  resolver?: (name: string, rrtype: string) => Promise<unknown>;
}

/**
 * Proves (or fails to prove) that the From domain really sent this message. A webhook gives us
 * no client IP, so when our receiver left no trusted Authentication-Results we verify DKIM
 * ourselves: SPF will be `none`, but DMARC still passes through an aligned DKIM signature.
 */
export async function verifyMessageAuthenticity(raw: Buffer, msg: InboundMessage, opts: VerifyAuthenticityOptions = {}): Promise<AuthVerdict> {
  const trusted = opts.authservId ? readTrustedAuthenticationResults(msg, opts.authservId) : null;
  const verdict = trusted ?? (await verifyWithMailauth(raw, msg, opts));
  return requireSingleFrom(verdict, msg);
}

async function verifyWithMailauth(raw: Buffer, msg: InboundMessage, opts: VerifyAuthenticityOptions): Promise<AuthVerdict> {
  const sender = headerValues(msg, 'return-path')[0]?.replace(/[<>\s]/g, '');
  const options: AuthenticateOptions = {
    trustReceived: false, // Received headers below our own hop are written by whoever sent it
    disableArc: true,
    disableBimi: true,
    mta: opts.authservId ?? 'mca-consent-service',
    ...(sender ? { sender } : {}),
    ...(opts.resolver ? { resolver: adaptResolver(opts.resolver) } : {}),
  };
  const result = await authenticate(raw, options);

  const signatures = result.dkim.results;
  const fromDomain = domainOf(msg.from?.address);
  const dkim = signatures.some((s) => s.status.result === 'pass') ? 'pass' : worstResult(signatures.map((s) => toAuthResult(s.status.result)));
  const spf = result.spf ? toAuthResult(result.spf.status.result) : 'none';
  const dmarc = result.dmarc ? toAuthResult(result.dmarc.status.result) : 'none';
  // Our own alignment rule (auth-verdict.ts), the same as for a trusted Authentication-Results.
  const alignedDkimPass = signatures.some((s) => s.status.result === 'pass' && domainsAlign(s.signingDomain, fromDomain));
  const alignedSpfPass = spf === 'pass' && result.spf !== false && domainsAlign(result.spf.domain, fromDomain);

  const detail = [
    ...signatures.map((s) => `dkim=${s.status.result} d=${s.signingDomain}${s.status.comment ? ` (${s.status.comment})` : ''}`),
    `spf=${spf}`,
    `dmarc=${dmarc}${result.dmarc && result.dmarc.status.comment ? ` (${result.dmarc.status.comment})` : ''}`,
    `from=${fromDomain ?? 'unknown'}`,
  ].join('; ');

  return {
    source: 'mailauth',
    dkim,
    spf,
    dmarc,
    authentic: decideAuthentic({ dmarc, alignedDkimPass, alignedSpfPass }),
    alignedDkimPass,
    alignedSpfPass,
    detail,
  };
}

// DMARC is undefined for a message with several From fields (RFC 7489 §6.6.1): never authentic.
function requireSingleFrom(verdict: AuthVerdict, msg: InboundMessage): AuthVerdict {
  const fromFields = headerValues(msg, 'from');
  const mailboxes = fromFields.flatMap((f) => addressParser(f, { flatten: true })).length;
  if (fromFields.length === 1 && mailboxes === 1) return verdict;
  return {
    ...verdict,
    authentic: false,
    alignedDkimPass: false,
    alignedSpfPass: false,
    detail: `${verdict.detail}; not authentic: ${fromFields.length} From field(s), ${mailboxes} mailbox(es)`,
  };
}

// Our option takes any resolver shape (node's dns.promises.resolve returns a different type per
// rrtype); mailauth reads TXT records as string[][] and A/MX as arrays, which is what they return.
function adaptResolver(resolver: (name: string, rrtype: string) => Promise<unknown>): DNSResolver {
  return async (name, rrtype) => (await resolver(name, rrtype)) as string[][] | string[];
}
