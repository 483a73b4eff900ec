import { Types } from 'mongoose';
import { isDuplicateKey, type AuditEventRecord, type Models } from '../db';
import { groupInsert } from '../db/group-insert';
import { AuditEventInput, type AuditFact } from './audit-event';
import { chainHeadsOf } from './chain-heads';
import { eventHash, GENESIS_HASH, hashedFieldsOf } from './event-hash';

/** Writers racing for one chain's next seq: each lost race costs one re-read of the head. */
const MAX_RACES = 50;

/**
 * Appends a fact to its customer's chain, once: a second append with the same `key` (a retried
 * job, a redelivered message) returns the event already there. The next `seq` is taken by
 * inserting it after the head this process saw last (chain-heads.ts; read from Mongo when it has
 * none): the unique {customerId, seq} index makes an insert after a stale head fail, and the
 * unique `key` index a repeated one; only then are the key and the head read. So the usual
 * append is one insert, not two reads and an insert. Nothing here ever updates or deletes an
 * event. A null fact (one that belongs to no customer's chain, e.g. a campaign's notification)
 * appends nothing.
 */
export async function appendAuditEvent(ctx: { models: Models; now?: () => Date }, fact: AuditFact): Promise<AuditEventRecord>;
export async function appendAuditEvent(ctx: { models: Models; now?: () => Date }, fact: AuditFact | null): Promise<AuditEventRecord | null>;
export async function appendAuditEvent(ctx: { models: Models; now?: () => Date }, fact: AuditFact | null): Promise<AuditEventRecord | null> {
  if (!fact) return null;
  const { type, data } = AuditEventInput.parse({ type: fact.type, data: fact.data });
  const customerId = new Types.ObjectId(fact.customerId);
  const chain = customerId.toHexString();
  const at = fact.at ?? ctx.now?.() ?? new Date();
  const events = ctx.models.auditEvents;
  const chainHeads = chainHeadsOf(events);
  const readHead = async () => (await events.findOne({ customerId }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean()) ?? undefined;
  let head = chainHeads.get(chain) ?? (await readHead());
  for (let race = 0; race < MAX_RACES; race++) {
    const doc = {
      _id: new Types.ObjectId(),
      customerId,
      partnerId: new Types.ObjectId(fact.partnerId),
      seq: (head?.seq ?? 0) + 1,
      key: fact.key,
      type,
      at,
      data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const record = { ...doc, hash: eventHash(hashedFieldsOf(doc)) };
    try {
      // Appends to other chains in the same moment (a batch fanned out, sends side by side) share one insert.
      await groupInsert(events.collection, record);
      chainHeads.set(chain, record);
      return record;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Either the key (another run of the same job got there first) or the seq (a stale head).
      const existing = await events.findOne({ key: fact.key }).lean();
      if (existing) return existing;
      head = await readHead();
      if (head) chainHeads.set(chain, head);
    }
  }
  throw new Error(`audit chain of customer ${fact.customerId}: no free seq after ${MAX_RACES} tries`);
}

/** Chains appended to at once: a page of 500 one after another would be 1,500 round trips in a row. */
const PARALLEL_CHAINS = 32;

/**
 * Appends many facts, each to its own chain (a report's or a list's reads, one per customer
 * shown), PARALLEL_CHAINS at a time, each the per-event way: a key already there (the same page
 * read again within the minute) costs its one lookup. Not one `$in` over all the keys first:
 * FerretDB 1.24 serves that by reading the whole collection. Facts for one chain must not be
 * given twice in one call (they would race each other for the next seq, which costs retries).
 */
export async function appendAuditEvents(ctx: { models: Models; now?: () => Date }, facts: readonly AuditFact[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < facts.length) await appendAuditEvent(ctx, facts[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHAINS, facts.length) }, worker));
}
