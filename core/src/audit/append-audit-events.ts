import type { Models } from '../db';
import type { AuditFact } from './audit-event';
import { appendAuditEvent } from './append-audit-event';

/** Chains appended to at once: each append is three round trips, a page of 500 one by one would be 1,500 in a row. */
const PARALLEL_CHAINS = 16;

/**
 * Appends many facts, each to its own chain (a report's or a list's reads, one per customer
 * shown): the keys already there are found in one query and skipped (a page read again within
 * the minute costs that query only), the rest appended PARALLEL_CHAINS at a time, each the
 * per-event way, which links it after whatever its chain holds. Facts for one chain must not
 * be given twice in one call (they would race each other for the next seq).
 */
export async function appendAuditEvents(ctx: { models: Models; now?: () => Date }, facts: readonly AuditFact[]): Promise<void> {
  if (!facts.length) return;
  const present = await ctx.models.auditEvents.find({ key: { $in: facts.map((f) => f.key) } }, { key: 1, _id: 0 }).lean();
  const known = new Set(present.map((e) => e.key));
  const missing = facts.filter((f) => !known.has(f.key));
  let next = 0;
  const worker = async () => {
    while (next < missing.length) await appendAuditEvent(ctx, missing[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHAINS, missing.length) }, worker));
}
