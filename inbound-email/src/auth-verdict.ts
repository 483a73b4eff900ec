import { getDomain } from 'tldts';

/** Result keywords of RFC 8601 §2.7 (dkim, spf, dmarc share this vocabulary). */
export type AuthResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'policy' | 'temperror' | 'permerror';

export interface AuthVerdict {
  source: 'authentication-results' | 'mailauth';
  dkim: AuthResult;
  spf: AuthResult;
  dmarc: AuthResult;
  /** True only when the From domain is proven; see decideAuthentic. */
  authentic: boolean;
  /** A DKIM signature that verified and whose domain aligns with From (AUTO_ACCEPT_AUTH=dkim needs one). */
  alignedDkimPass: boolean;
  /** An SPF pass whose domain aligns with From (enough only under AUTO_ACCEPT_AUTH=dmarc). */
  alignedSpfPass: boolean;
  /** Human-readable evidence for the audit trail. */
  detail: string;
}

const KNOWN: readonly AuthResult[] = ['pass', 'fail', 'softfail', 'neutral', 'none', 'policy', 'temperror', 'permerror'];

// Lower is worse. Anything that is not a pass must never outrank one.
const SEVERITY: Record<AuthResult, number> = {
  fail: 0,
  permerror: 1,
  temperror: 2,
  softfail: 3,
  policy: 4,
  neutral: 5,
  none: 6,
  pass: 7,
};

/**
 * Maps a result keyword to AuthResult. `temperr` is mailauth's spelling; an unknown keyword
 * means the evaluation itself is broken, so it becomes permerror rather than anything passable.
 */
export function toAuthResult(value: string | undefined): AuthResult {
  const keyword = (value ?? 'none').trim().toLowerCase();
  if (keyword === 'temperr') return 'temperror';
  return (KNOWN as readonly string[]).includes(keyword) ? (keyword as AuthResult) : 'permerror';
}

export function worstResult(results: readonly AuthResult[], ifEmpty: AuthResult = 'none'): AuthResult {
  return results.reduce<AuthResult | undefined>((worst, r) => (worst === undefined || SEVERITY[r] < SEVERITY[worst] ? r : worst), undefined) ?? ifEmpty;
}

/** Picks the verdict to act on when several apply: an inauthentic one wins, then the worse DMARC. */
export function worstVerdict(verdicts: readonly AuthVerdict[]): AuthVerdict | undefined {
  return [...verdicts].sort(
    (a, b) => Number(a.authentic) - Number(b.authentic) || SEVERITY[a.dmarc] - SEVERITY[b.dmarc] || SEVERITY[a.dkim] - SEVERITY[b.dkim],
  )[0];
}

/**
 * The From domain is proven by DMARC pass, or, only when the domain publishes no DMARC record
 * (dmarc=none), by a DKIM or SPF pass whose domain aligns with From. temperror, permerror and
 * every other outcome are not proof.
 */
export function decideAuthentic(input: { dmarc: AuthResult; alignedDkimPass: boolean; alignedSpfPass: boolean }): boolean {
  if (input.dmarc === 'pass') return true;
  return input.dmarc === 'none' && (input.alignedDkimPass || input.alignedSpfPass);
}

/**
 * DMARC's relaxed alignment (RFC 7489 §3.1): the same organizational domain, read from the
 * public suffix list. Private suffixes count (alice.github.io is not bob.github.io): that errs
 * towards "not aligned", which only costs a manual review. Without a registrable domain (an IP
 * literal, a single label) only the same name aligns.
 */
export function domainsAlign(a: string | undefined, b: string | undefined): boolean {
  const x = normaliseDomain(a);
  const y = normaliseDomain(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const organizational = (d: string) => getDomain(d, { allowPrivateDomains: true }) ?? undefined;
  const orgX = organizational(x);
  return orgX !== undefined && orgX === organizational(y);
}

export function domainOf(addressOrDomain: string | undefined): string | undefined {
  return normaliseDomain(addressOrDomain?.split('@').pop());
}

function normaliseDomain(domain: string | undefined): string | undefined {
  const d = domain?.trim().toLowerCase().replace(/^<|>$/g, '').replace(/\.$/, '');
  return d ? d : undefined;
}
