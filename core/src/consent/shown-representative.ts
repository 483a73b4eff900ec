import type { ConsentRecord, ReportedSignatory, Representative } from '../db';

/**
 * Who a consent record names, as the partner sees it (the customer's `mca.representative`, the
 * record's `representative` in the API): the written consent's representative, or the signatory
 * Microsoft reports, minimized; nobody when Microsoft names nobody. Records kept before
 * signatories were recorded show their representative as they always did.
 */
export function shownRepresentative(record: Pick<ConsentRecord, 'representative' | 'evidence'>): Representative | ReportedSignatory | undefined {
  const e = record.evidence;
  if (e.kind === 'microsoft' && e.signatory !== undefined) return e.signatory === 'not reported' ? undefined : e.signatory;
  return record.representative;
}
