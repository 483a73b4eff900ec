import { Types } from 'mongoose';
import { duplicatesRefused, type Models } from '../db';
import { AuditEventInput, type AuditFact } from './audit-event';
import { appendAuditEvent } from './append-audit-event';
import { chainHeadsOf } from './chain-heads';
import { eventHash, GENESIS_HASH, hashedFieldsOf } from './event-hash';

/**
 * Appends the first event of many chains just begun (customers a bulk import has just
 * inserted) in one insertMany: each is seq 1 after the genesis hash, so no head needs reading.
 * A fact the unique indexes refuse (its key already there: a retry; seq 1 already taken: a
 * writer that got to the new chain first) goes the per-event way, which appends it once after
 * whatever is there. 100,000 events one by one would be 300,000 round trips.
 */
export async function appendFirstEvents(ctx: { models: Models; now?: () => Date }, facts: AuditFact[]): Promise<void> {
  if (!facts.length) return;
  const at = ctx.now?.() ?? new Date();
  const records = facts.map((fact) => {
    const { type, data } = AuditEventInput.parse({ type: fact.type, data: fact.data });
    const doc = {
      _id: new Types.ObjectId(),
      customerId: new Types.ObjectId(fact.customerId),
      partnerId: new Types.ObjectId(fact.partnerId),
      seq: 1,
      key: fact.key,
      type,
      at: fact.at ?? at,
      data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
      prevHash: GENESIS_HASH,
    };
    return { ...doc, hash: eventHash(hashedFieldsOf(doc)) };
  });
  let refused = new Set<number>();
  try {
    await ctx.models.auditEvents.collection.insertMany(records, { ordered: false });
  } catch (err) {
    const duplicates = duplicatesRefused(err);
    if (!duplicates) throw err;
    refused = duplicates;
  }
  const chainHeads = chainHeadsOf(ctx.models.auditEvents);
  records.forEach((r, i) => refused.has(i) || chainHeads.set(r.customerId.toHexString(), r));
  for (const i of refused) await appendAuditEvent(ctx, facts[i]!);
}
