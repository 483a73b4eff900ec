import type { AuditEventRecord, ConsentRequest, HistoryEntry, Models } from '../db';
import type { RequestStatus } from '../domain';
import { HISTORY_LIMIT } from '../consent/request-history';
import { AuditEventInput, type AuditEventType } from './audit-event';

type DataOf<T extends AuditEventType> = Extract<AuditEventInput, { type: T }>['data'];
type Line = { status: RequestStatus; detail?: string };
const line = (status: string, detail?: string): Line => ({ status: status as RequestStatus, ...(detail ? { detail } : {}) });

/**
 * The request history lines each event type stands for, in one place: every line the stored
 * history gets has its event (the writes of request-history.ts and the appends beside them),
 * so the API's `history` is read from the chain. A type that is no status line (a reply
 * received, evidence, a read) is null; a type added to the union without its entry here fails
 * the typecheck.
 */
const LINES: { [T in AuditEventType]: ((d: DataOf<T>) => Line[]) | null } = {
  'request.created': (d) => [...(d.note ? [line('queued', d.note)] : []), line('queued', d.detail)],
  'request.queued': (d) => [line('queued', d.detail)],
  'email.sent': (d) => [line('sent', d.detail)],
  'reminder.sent': (d) => [line('sent', d.detail)],
  'email.bounced': (d) => [line('bounced', d.detail)],
  'request.failed': (d) => [line('failed', d.detail)],
  'reply.classified': (d) => [line(d.outcome, d.reason)],
  'envelope.sent': (d) => [line('sent', d.detail)],
  'envelope.signed': (d) => [line('accepted', d.detail)],
  'envelope.declined': (d) => [line('declined', d.reason)],
  'request.status-changed': (d) => [line(d.status, d.detail)],
  'request.ended': (d) => [line(d.status, d.reason)],
  'customer.created': null,
  'reply.received': null,
  'evidence.stored': null,
  'evidence.discarded': null,
  'consent.recorded': null,
  'customer.unlocked': null,
  'partner.notified': null,
  'evidence.read': null,
  'review.decided': null,
  'customer.erased': null,
};
const LINE_TYPES = (Object.keys(LINES) as AuditEventType[]).filter((t) => LINES[t] !== null);

function linesOf(e: Pick<AuditEventRecord, 'type' | 'data' | 'at'>): HistoryEntry[] {
  const parsed = AuditEventInput.safeParse({ type: e.type, data: e.data });
  if (!parsed.success) return [];
  const lines = (LINES[parsed.data.type] as ((d: unknown) => Line[]) | null)?.(parsed.data.data) ?? [];
  return lines.map((l) => ({ at: e.at, ...l }));
}

export interface ShownHistory {
  history: HistoryEntry[];
  historyDropped?: number;
}

/**
 * A request's history as the API shows it, read from its customer's chain (issue 12): the
 * newest HISTORY_LIMIT lines, the older ones counted. A request from before the chain (no
 * `request.created` event) shows its stored history. The stored history's lines past those
 * the chain holds are added at the end: a move is on the request a moment before its event is
 * on the chain (move-request.ts), and a reader in between must not see the status without its line.
 */
export async function requestHistoryOfChain(ctx: { models: Models }, r: ConsentRequest): Promise<ShownHistory> {
  const events = await ctx.models.auditEvents
    .find({ customerId: r.customerId, 'data.requestId': r._id.toString(), type: { $in: LINE_TYPES } }, { type: 1, data: 1, at: 1 })
    .sort({ seq: 1 })
    .lean();
  const stored = { history: r.history, ...(r.historyDropped ? { historyDropped: r.historyDropped } : {}) };
  if (!events.some((e) => e.type === 'request.created')) return stored;
  const chained = events.flatMap(linesOf);
  // Line n of the whole history is stored at index n - historyDropped.
  const storedDropped = r.historyDropped ?? 0;
  const all = [...chained, ...r.history.slice(Math.max(0, chained.length - storedDropped))];
  const shown = all.slice(-HISTORY_LIMIT);
  const dropped = Math.max(chained.length, storedDropped + r.history.length) - shown.length;
  return { history: shown, ...(dropped > 0 ? { historyDropped: dropped } : {}) };
}
