import type { CustomerAgreement, McaAcceptance } from './types';

/**
 * A tenant may transact when the customer accepted in the Microsoft 365 admin center (direct)
 * or a partner attestation exists. Direct wins as the reason: it survives a move between
 * channels, a partner attestation does not.
 */
export function combineMcaAcceptance(
  agreements: { parsed: CustomerAgreement[]; raw: unknown },
  direct: { isSigned: boolean; raw: unknown },
  checkedAt: Date,
): McaAcceptance {
  const via = direct.isSigned ? 'direct' : agreements.parsed.length > 0 ? 'partner-attestation' : undefined;
  return {
    accepted: via !== undefined,
    ...(via ? { via } : {}),
    agreements: agreements.parsed,
    directSigned: direct.isSigned,
    evidence: { agreements: agreements.raw, directSignedStatus: direct.raw, checkedAt: checkedAt.toISOString() },
  };
}
