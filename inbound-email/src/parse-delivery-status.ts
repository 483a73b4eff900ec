/** One per-recipient block of an RFC 3464 message/delivery-status part. */
export interface DeliveryStatusRecipient {
  /** Final-Recipient address (Original-Recipient when Final is missing), lowercased. */
  recipient: string;
  /** Original-Recipient, when the MTA rewrote the address on the way (an alias, a forward). */
  originalRecipient?: string;
  /** failed | delayed | delivered | relayed | expanded (lowercased, as sent). */
  action: string;
  /** Enhanced status code such as 5.1.1, when present. */
  status?: string;
  diagnostic?: string;
}

/**
 * Reads the per-recipient blocks of a delivery-status part. The first block describes the
 * reporting MTA and has no recipient, so it is skipped.
 */
export function parseDeliveryStatus(text: string): DeliveryStatusRecipient[] {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n\s*\n/);
  const recipients: DeliveryStatusRecipient[] = [];
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const original = addressOf(fields.get('original-recipient'));
    const address = addressOf(fields.get('final-recipient')) ?? original;
    if (!address) continue;
    const status = fields.get('status')?.match(/\d\.\d{1,3}\.\d{1,3}/)?.[0];
    const diagnostic = fields.get('diagnostic-code');
    recipients.push({
      recipient: address,
      ...(original && original !== address ? { originalRecipient: original } : {}),
      action: (fields.get('action') ?? '').toLowerCase(),
      ...(status ? { status } : {}),
      ...(diagnostic ? { diagnostic } : {}),
    });
  }
  return recipients;
}

// `rfc822; user@example.com` (the address type is required, but some MTAs omit it)
function addressOf(value: string | undefined): string | undefined {
  const address = value?.split(';').pop()?.trim().replace(/^<|>$/g, '').toLowerCase();
  return address && address.includes('@') ? address : undefined;
}
