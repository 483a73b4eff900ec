/** A header field RFC 5322 allows once that the message carries more often. */
export interface RepeatedHeader {
  /** Canonical spelling, e.g. `Message-ID`. */
  name: string;
  count: number;
}

// RFC 5322 §3.6: each of these at most once. A second copy is how a forger makes one program
// read one value and another program the other (a parser keeps the first, a DKIM signer signs
// the last), so such a message is never trusted on either copy.
const SINGLE_FIELDS: Record<string, string> = {
  date: 'Date',
  from: 'From',
  sender: 'Sender',
  'reply-to': 'Reply-To',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  'message-id': 'Message-ID',
  'in-reply-to': 'In-Reply-To',
  references: 'References',
  subject: 'Subject',
};

/**
 * Counts the single-instance fields in the raw top-level header block (up to the first empty
 * line), read here rather than from the parser, which may keep one copy and drop the rest.
 */
export function findRepeatedHeaders(raw: Buffer): RepeatedHeader[] {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const counts = new Map<string, number>();
  for (const line of block.split(/\r?\n/)) {
    const name = /^([!-9;-~]+)[ \t]*:/.exec(line)?.[1]?.toLowerCase();
    if (name !== undefined && name in SINGLE_FIELDS) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return Object.entries(SINGLE_FIELDS)
    .filter(([key]) => (counts.get(key) ?? 0) > 1)
    .map(([key, name]) => ({ name, count: counts.get(key)! }));
}
