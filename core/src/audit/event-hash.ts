import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** prevHash of seq 1: no event comes before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: every stored field but `_id` and `hash` itself. */
export interface HashedEventFields {
  customerId: string;
  partnerId: string;
  seq: number;
  key: string;
  type: string;
  at: string;
  data: unknown;
  prevHash: string;
}

/** SHA-256 (hex) over the RFC 8785 (JCS) encoding: the same bytes whoever re-computes it, in any language. */
export function eventHash(fields: HashedEventFields): string {
  const jcs = canonicalize(fields);
  if (jcs === undefined) throw new Error('audit event is not JSON');
  return createHash('sha256').update(jcs, 'utf8').digest('hex');
}

/** The hashed fields of a stored event (lean read): ids and dates as the hash saw them. */
export function hashedFieldsOf(e: {
  customerId: { toString(): string };
  partnerId: { toString(): string };
  seq: number;
  key: string;
  type: string;
  at: Date;
  data: unknown;
  prevHash: string;
}): HashedEventFields {
  return {
    customerId: e.customerId.toString(),
    partnerId: e.partnerId.toString(),
    seq: e.seq,
    key: e.key,
    type: e.type,
    at: e.at.toISOString(),
    data: e.data,
    prevHash: e.prevHash,
  };
}
