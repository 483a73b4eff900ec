import { decideAuthentic, domainOf, domainsAlign, toAuthResult, worstResult, worstVerdict, type AuthResult, type AuthVerdict } from './auth-verdict';
import { headerValues, type InboundMessage } from './inbound-message';

/** One `method=result` statement of an Authentication-Results header. */
export interface AuthResultStatement {
  method: string;
  result: AuthResult;
  reason?: string;
  /** ptype.property values such as `header.from`, `header.d`, `smtp.mailfrom`, lowercased keys. */
  properties: Record<string, string>;
}

export interface ParsedAuthenticationResults {
  authservId: string;
  results: AuthResultStatement[];
}

/**
 * Parses one Authentication-Results value (RFC 8601 §2.2). Returns null when it has no
 * authserv-id, which makes it useless for deciding whether to trust it.
 */
export function parseAuthenticationResults(value: string): ParsedAuthenticationResults | null {
  const [head, ...statements] = splitOutsideQuotes(stripComments(value), ';');
  const authservId = unquote(head?.trim().split(/\s+/)[0] ?? '');
  if (!authservId) return null;

  const results: AuthResultStatement[] = [];
  for (const statement of statements) {
    const match = /^\s*([a-z0-9_-]+)(?:\/\d+)?\s*=\s*([a-z]+)(.*)$/is.exec(statement);
    if (!match) continue; // `none` (no-result) or a malformed statement
    const properties: Record<string, string> = {};
    let reason: string | undefined;
    for (const prop of (match[3] ?? '').matchAll(/([a-z0-9_-]+(?:\.[a-z0-9_-]+)?)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/gi)) {
      const key = (prop[1] ?? '').toLowerCase();
      const propValue = unquote(prop[2] ?? '');
      if (key === 'reason') reason = propValue;
      else properties[key] = propValue;
    }
    results.push({ method: (match[1] ?? '').toLowerCase(), result: toAuthResult(match[2]), ...(reason ? { reason } : {}), properties });
  }
  return { authservId, results };
}

/**
 * The verdict of our own receiving server. Only headers carrying our authserv-id count: anyone
 * can write an Authentication-Results header into the mail they send (RFC 8601 §5 obliges our
 * MTA to delete incoming copies that carry our id). With several trusted headers the worst wins.
 */
export function readTrustedAuthenticationResults(msg: InboundMessage, authservId: string): AuthVerdict | null {
  const wanted = authservId.trim().toLowerCase();
  if (!wanted) return null;
  const verdicts = headerValues(msg, 'authentication-results')
    .map(parseAuthenticationResults)
    .filter((p): p is ParsedAuthenticationResults => p !== null && p.authservId.toLowerCase() === wanted)
    .map((p) => verdictFrom(p, msg));
  return worstVerdict(verdicts) ?? null;
}

function verdictFrom(parsed: ParsedAuthenticationResults, msg: InboundMessage): AuthVerdict {
  const of = (method: string) => parsed.results.filter((r) => r.method === method);
  const dkim = of('dkim');
  const spf = of('spf');
  const dmarc = of('dmarc');

  // Alignment is checked against the From we parsed, not the one the MTA names: with two From
  // fields (or a header inserted after our MTA looked) they can differ, and a verdict about
  // another domain proves nothing about this message.
  const fromDomain = domainOf(msg.from?.address);
  const headerFrom = domainOf(dmarc.find((r) => r.properties['header.from'])?.properties['header.from']);
  const sameFrom = headerFrom === undefined || headerFrom === fromDomain;
  const alignedDkimPass =
    sameFrom && dkim.some((r) => r.result === 'pass' && domainsAlign(r.properties['header.d'] ?? domainOf(r.properties['header.i']), fromDomain));
  const alignedSpfPass =
    sameFrom && spf.some((r) => r.result === 'pass' && domainsAlign(domainOf(r.properties['smtp.mailfrom'] ?? r.properties['smtp.helo']), fromDomain));
  const verdict = {
    // one passing signature is enough for DKIM; failures of others (mailing lists) are normal
    dkim: dkim.some((r) => r.result === 'pass') ? ('pass' as const) : worstResult(dkim.map((r) => r.result)),
    spf: worstResult(spf.map((r) => r.result)),
    dmarc: worstResult(dmarc.map((r) => r.result)),
  };
  return {
    source: 'authentication-results',
    ...verdict,
    authentic: sameFrom && decideAuthentic({ dmarc: verdict.dmarc, alignedDkimPass, alignedSpfPass }),
    alignedDkimPass,
    alignedSpfPass,
    detail:
      `${parsed.authservId}: ` +
      parsed.results.map((r) => `${r.method}=${r.result}${describe(r.properties)}`).join('; ') +
      ` (from=${fromDomain ?? 'unknown'}, aligned dkim=${alignedDkimPass}, aligned spf=${alignedSpfPass})` +
      (sameFrom ? '' : `; header.from=${headerFrom} is not the From domain ${fromDomain ?? '(none)'}`),
  };
}

function describe(properties: Record<string, string>): string {
  const entries = Object.entries(properties);
  return entries.length === 0 ? '' : ` ${entries.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

/** Removes RFC 5322 comments (nestable parentheses) outside quoted strings. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + value.charAt(i + 1);
      i++;
    } else if (depth === 0 && ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '(') {
      depth++;
    } else if (!quoted && ch === ')' && depth > 0) {
      depth--;
      if (depth === 0) out += ' ';
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '\\' && quoted) {
      current += ch + value.charAt(i + 1);
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
