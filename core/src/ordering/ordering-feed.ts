import { Redis } from 'ioredis';

/**
 * What an API instance's order gate must learn when it happens elsewhere: a customer created
 * (locked), its written consent recorded under UNLOCK_POLICY=consent+microsoft (the refusal's
 * detail changes), its tenant unlocked. Each change states the customer's gate state as "at
 * least": `unlocked` never goes back and `writtenOnly` is never cleared, so a change applied
 * twice, late or out of order never makes the gate wrong.
 */
export interface OrderingChange {
  customerId: string;
  partnerId: string;
  tenantId: string;
  unlocked: boolean;
  writtenOnly: boolean;
}

/** A stream entry: the change, or the marker a gate writes where its snapshot starts. */
export type OrderingFeedEntry = { id: string; change?: OrderingChange };

/**
 * About a day of changes at a busy deployment; an instance that falls further behind than
 * this finds its last id gone and reloads its snapshot from Mongo (never misses a change).
 */
export const ORDERING_FEED_MAXLEN = 100_000;

export interface OrderingFeed {
  /** The stream (a Redis stream under QUEUE_PREFIX). */
  readonly key: string;
  /**
   * Appends a change: called by every writer of a customer's gate state right after its Mongo
   * write succeeded (so a reader that sees the entry finds the write in Mongo). Throws when
   * Redis refuses; the caller decides what a lost change costs.
   */
  publish(change: OrderingChange): Promise<string>;
  /** A connection of its own for a stream reader (XREAD); closed with the context. */
  openReader(name: string): Redis;
  close(): void;
}

export function createOrderingFeed(opts: { redisUrl: string; publisher: Redis; prefix: string }): OrderingFeed {
  const key = `${opts.prefix}:ordering-changes`;
  const readers = new Set<Redis>();
  return {
    key,
    async publish(c) {
      const id = await opts.publisher.xadd(
        key,
        'MAXLEN',
        '~',
        String(ORDERING_FEED_MAXLEN),
        '*',
        'c',
        c.customerId,
        'p',
        c.partnerId,
        't',
        c.tenantId,
        'u',
        c.unlocked ? '1' : '0',
        'w',
        c.writtenOnly ? '1' : '0',
      );
      return id ?? '';
    },
    openReader(name) {
      // Commands wait out an outage (worker options) but are not resent after a reconnect. ioredis
      // then drops what was in flight without failing it (its promise never settles), so the
      // reader must fail it itself on the connection's 'close' (order-gate.ts, rule 4).
      const r = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, autoResendUnfulfilledCommands: false, connectionName: name });
      readers.add(r);
      r.once('end', () => readers.delete(r));
      return r;
    },
    close() {
      for (const r of readers) r.disconnect();
      readers.clear();
    },
  };
}

/** Decodes XREAD/XRANGE fields; anything else (the snapshot marker) has no change. */
export function parseOrderingEntry(id: string, fields: string[]): OrderingFeedEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  if (!f.c || !f.p || !f.t) return { id };
  return { id, change: { customerId: f.c, partnerId: f.p, tenantId: f.t, unlocked: f.u === '1', writtenOnly: f.w === '1' } };
}

/** Milliseconds of a stream id: Redis's clock when the entry was added. */
export const streamIdMs = (id: string) => Number(id.slice(0, id.indexOf('-')));
