import { oneLine } from '../render-blocks';
import type { PartnerNotificationData } from './types';

type Row = readonly [label: string, value: string];

const METHOD_LABELS: Readonly<Record<string, string>> = {
  email: 'Email reply',
  docusign: 'DocuSign signature',
  microsoft: 'Accepted with Microsoft',
  attestation: 'Signed document uploaded by partner',
};

export function methodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method;
}

/** UTC with seconds, no locale: partners in different countries read the same instant. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function representativeName(d: PartnerNotificationData): string | undefined {
  const rep = d.representative;
  return rep ? oneLine(`${rep.firstName} ${rep.lastName}`) : undefined;
}

/** How the email names the customer: its name, or for a confidential one (no name given) its tenant. */
export function customerLabel(d: PartnerNotificationData, opensSentence = false): string {
  return d.customerName ? oneLine(d.customerName) : `${opensSentence ? 'The' : 'the'} customer with tenant ${oneLine(d.tenantId)}`;
}

/** The rows every notification shows, in a fixed order; absent data is left out, not "n/a". */
export function factRows(d: PartnerNotificationData, repLabel: string): Row[] {
  const rows: Row[] = [...(d.customerName ? [['Customer', oneLine(d.customerName)] as const] : []), ['Tenant ID', oneLine(d.tenantId)]];
  const name = representativeName(d);
  if (d.representative && name) rows.push([repLabel, `${name} <${oneLine(d.representative.email)}>`]);
  // An unparsable date from a stored payload must not make the notification unsendable.
  if (d.acceptedAt && !Number.isNaN(d.acceptedAt.getTime())) rows.push(['Accepted at', formatUtc(d.acceptedAt)]);
  if (d.method) rows.push(['Method', methodLabel(d.method)]);
  if (d.reason) rows.push(['Reason', oneLine(d.reason)]);
  return rows;
}
