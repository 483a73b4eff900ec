import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Types } from 'mongoose';
import { onePerContext } from './per-context';
import { metrics } from '@mca/platform';
import { ORDERING_FEED_MAXLEN, parseOrderingEntry, streamIdMs, type Context, type OrderingChange } from '@mca/core';

/** What the order rule needs of a customer. */
export interface GateState {
  unlocked: boolean;
  /** UNLOCK_POLICY=consent+microsoft: written consent recorded, Microsoft's side pending (the refusal says so). */
  writtenOnly: boolean;
}

export type CustomerRef = { customerId: string } | { tenantId: string };

export interface OrderGate {
  /** The customer's state, or null when the partner has no such customer (404). */
  stateOf(partnerId: Types.ObjectId, ref: CustomerRef): Promise<GateState | null>;
  /**
   * What stateOf would answer when memory alone may answer now (unlocked; or known, or known
   * unknown, while live), else undefined: then ask stateOf. The ordering path's no-promise case.
   */
  fromMemory(partnerId: Types.ObjectId, ref: CustomerRef): GateState | null | undefined;
  /** Whether locked answers may come from memory now (the stream is confirmed current). */
  isLive(): boolean;
  /** Called with each change applied from the stream, and how long after its XADD (tests, bench). */
  onApplied(listener: (change: OrderingChange, lagMs: number) => void): () => void;
  /** The last snapshot load: customers held, milliseconds, the process's RSS after it. */
  lastLoad(): { customers: number; ms: number; rssBytes: number; at: Date } | undefined;
}

/**
 * Pause between stream reads that found nothing: the heartbeat that keeps the gate live while
 * nothing changes. Not `XREAD BLOCK`: Redis checks blocked clients' timeouts on its `hz` tick
 * (10/s by default), so an idle `BLOCK 20` comes back after up to 100 ms and the gate flapped
 * out of live under load; a plain read every few ms keeps its promise on any Redis.
 */
const POLL_MS = 10;
/** Locked answers come from memory only while a read came back from the stream this recently. */
const LIVE_WINDOW_MS = 100;
/** An unknown tenant is answered 404 from memory this long (unless its creation is heard first). */
const UNKNOWN_TTL_MS = 1_000;
const MAX_UNKNOWN = 10_000;
const READ_COUNT = 1_000;
const SNAPSHOT_BATCH = 5_000;
const RETRY_MS = 250;

const PROJECTION = { _id: 1, partnerId: 1, tenantId: 1, 'ordering.status': 1, 'mca.written.method': 1 } as const;
type Row = { _id: Types.ObjectId; partnerId: Types.ObjectId; tenantId: string; ordering: { status: string }; mca?: { written?: { method?: string } } };

const byId = (partnerId: string, customerId: string) => `${partnerId}:c:${customerId.toLowerCase()}`;
const byTenant = (partnerId: string, tenantId: string) => `${partnerId}:t:${tenantId}`;
const keyOf = (partnerId: Types.ObjectId, ref: CustomerRef) => {
  const p = partnerId.toHexString();
  return 'customerId' in ref ? byId(p, ref.customerId) : byTenant(p, ref.tenantId);
};

/**
 * The order gate of one API instance: every customer's ordering state in memory, loaded once
 * from Mongo and kept current from the ordering stream (core/src/ordering/ordering-feed.ts),
 * the way feature-flag SDKs evaluate locally from a streamed snapshot. The rules:
 *
 * 1. Start: XADD a marker, then read every customer through one batched, projected cursor; then
 *    follow the stream from the marker. A write during the load is in the cursor or after the
 *    marker (writers publish after their Mongo write), so nothing is missed; replayed changes
 *    are harmless because every change is "at least" (`unlocked` is one-way, so is `writtenOnly`)
 *    and merges never go back.
 * 2. A tenant not in memory (created a moment ago, or unknown) is read from Mongo, and a hit is
 *    kept. A miss is kept as unknown for UNKNOWN_TTL_MS, dropped at once by the customer's
 *    creation change, and not kept at all if any change arrived while it was being read.
 * 3. Live: one XREAD after another (POLL_MS apart while idle) on a connection of its own; the
 *    gate is live while a read came back, with everything there was, at most LIVE_WINDOW_MS ago. Only a
 *    live gate answers "locked" or "unknown" from memory; otherwise those are read from Mongo.
 *    "Unlocked" is always answered from memory: it can never become wrong. A known tenant asked
 *    while not live waits (at most LIVE_WINDOW_MS) for a read sent after it arrived, which
 *    settles all such waiters at once, rather than costing a Mongo read each when this process
 *    is merely busy; if none comes back, Mongo answers. So an unlock is applied on every
 *    instance within LIVE_WINDOW_MS of its XADD even when the stream stalls silently (a healthy
 *    stream delivers it within about POLL_MS), plus however far this process's event loop is
 *    behind: that delays the change as it delays every answer. The window is measured from when
 *    a read is handled, not sent, so a busy instance does not flap into Mongo reads.
 * 4. Redis restart or lost connection (reconnect), or the last id seen no longer in the stream
 *    (trimmed past a reader that fell behind, the key deleted): not live at once, reload from
 *    Mongo as at start, live again after the first read that follows the new marker. A lost
 *    connection always costs a reload of its own, even one lost during a reload (Redis may have
 *    come back from an older snapshot). The reader's commands are not resent after a reconnect
 *    (ordering-feed.ts), and ioredis then neither answers nor fails what was in flight: it drops
 *    it, and a loop awaiting it would wait forever (never live again). So each command of the
 *    loop is abandoned, as failed, by the 'close' of the connection it went out on (`onConnection`),
 *    and the loop sends nothing while the reader is not ready (no commands piled up offline
 *    during an outage, no stale markers written when it ends).
 * 5. A Mongo restart leaves memory valid: it only fails the reads of rule 2 meanwhile (503).
 *
 * Writers (each publishes right after its Mongo write): customer creation
 * (use-cases/customers.ts), the unlock (workers/unlock/processor.ts), written consent under
 * consent+microsoft (core/src/consent/record-consent.ts). Nothing else changes what this holds.
 */
export function createOrderGate(ctx: Context): OrderGate & { close(): void } {
  let entries = new Map<string, GateState>();
  const unknown = new Map<string, number>();
  const listeners = new Set<(change: OrderingChange, lagMs: number) => void>();
  /** Bumped by every change applied and every snapshot: a read that saw it move keeps no miss. */
  let generation = 0;
  let heardAt = 0;
  /** Locked answers waiting for a read sent after they arrived (instead of a Mongo read each). */
  let waiters: { after: number; resolve: (confirmed: boolean) => void }[] = [];
  let lastId = '';
  let needsReload: 'start' | 'reconnect' | 'gap' | undefined = 'start';
  let closed = false;
  let loaded: ReturnType<OrderGate['lastLoad']>;
  const key = ctx.orderingFeed.key;
  const reader = ctx.orderingFeed.openReader(`${ctx.config.QUEUE_PREFIX}:order-gate:${process.pid}:${randomBytes(3).toString('hex')}`);
  /** Fails the loop's command in flight (one at a time): see rule 4. */
  let abandon: (err: Error) => void = () => undefined;
  reader.on('close', () => {
    heardAt = 0;
    needsReload ??= 'reconnect';
    settleWaiters(undefined);
    abandon(new Error('order gate: the ordering stream connection closed with a command in flight'));
  });
  reader.on('end', () => (closed = true));
  reader.on('error', () => undefined); // reported by the loop, once per outage

  const isLive = () => heardAt > 0 && performance.now() - heardAt <= LIVE_WINDOW_MS;

  /** The command's answer, or a failure as soon as the connection it was sent on closes. */
  function onConnection<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      abandon = reject;
      command.then(resolve, reject);
    });
  }
  /** Resolves once the reader is ready (at once if it is), or closed for good. */
  function connected(): Promise<void> {
    if (reader.status === 'ready' || closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        reader.off('ready', done);
        reader.off('end', done);
        resolve();
      };
      reader.on('ready', done);
      reader.on('end', done);
    });
  }

  /** Whether a stream read sent at or after `after` comes back complete within LIVE_WINDOW_MS. */
  function confirmedSince(after: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(false), LIVE_WINDOW_MS).unref();
      const settle = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      waiters.push({ after, resolve: settle });
    });
  }
  function settleWaiters(sentAt: number | undefined) {
    if (!waiters.length) return;
    const keep: typeof waiters = [];
    for (const w of waiters) {
      if (sentAt === undefined) w.resolve(false);
      else if (w.after <= sentAt) w.resolve(true);
      else keep.push(w);
    }
    waiters = keep;
  }

  function merge(map: Map<string, GateState>, partnerId: string, customerId: string, tenantId: string, unlocked: boolean, writtenOnly: boolean): GateState {
    const idKey = byId(partnerId, customerId);
    let e = map.get(idKey);
    if (!e) {
      e = { unlocked, writtenOnly };
      map.set(idKey, e);
    } else {
      e.unlocked ||= unlocked;
      e.writtenOnly ||= writtenOnly;
    }
    map.set(byTenant(partnerId, tenantId), e);
    return e;
  }

  /** A customer as read from Mongo (snapshot or a single read), merged into `map`. */
  function mergeRow(map: Map<string, GateState>, row: Row): GateState {
    return merge(map, row.partnerId.toHexString(), row._id.toHexString(), row.tenantId, row.ordering.status === 'unlocked', Boolean(row.mca?.written?.method));
  }

  function apply(c: OrderingChange, id: string) {
    generation++;
    unknown.delete(byId(c.partnerId, c.customerId));
    unknown.delete(byTenant(c.partnerId, c.tenantId));
    const before = entries.size;
    merge(entries, c.partnerId, c.customerId, c.tenantId, c.unlocked, c.writtenOnly);
    if (entries.size !== before) metrics.orderGateEntries.set(entries.size / 2);
    const lagMs = Math.max(0, Date.now() - streamIdMs(id));
    metrics.orderGateLag.observe(lagMs / 1000);
    for (const l of listeners) l(c, lagMs);
  }

  async function reload(reason: 'start' | 'reconnect' | 'gap') {
    heardAt = 0;
    unknown.clear();
    metrics.orderGateReloads.inc({ reason });
    const t0 = performance.now();
    const marker = await onConnection(reader.xadd(key, 'MAXLEN', '~', String(ORDERING_FEED_MAXLEN), '*', 'mark', String(process.pid)));
    const fresh = new Map<string, GateState>();
    const cursor = ctx.models.customers.collection.find<Row>({}, { projection: PROJECTION, batchSize: SNAPSHOT_BATCH });
    for await (const row of cursor) mergeRow(fresh, row);
    entries = fresh;
    generation++;
    lastId = marker ?? '0-0';
    const customers = fresh.size / 2;
    metrics.orderGateEntries.set(customers);
    loaded = { customers, ms: Math.round(performance.now() - t0), rssBytes: process.memoryUsage.rss(), at: new Date() };
    ctx.logger.info({ reason, customers, ms: loaded.ms, rssMiB: Math.round(loaded.rssBytes / 2 ** 20) }, 'order gate loaded from Mongo');
  }

  /** One round: is our last id still there, then everything after it (pausing briefly when there was nothing). */
  async function follow() {
    const sentAt = performance.now();
    const results = await onConnection(reader.pipeline().xrange(key, lastId, lastId).xread('COUNT', READ_COUNT, 'STREAMS', key, lastId).exec());
    const [seen, read] = results ?? [];
    if (seen?.[0] || read?.[0]) throw seen?.[0] ?? read?.[0];
    if ((seen?.[1] as unknown[]).length === 0) {
      heardAt = 0;
      needsReload ??= 'gap';
      settleWaiters(undefined);
      return;
    }
    const streams = read?.[1] as [string, [string, string[]][]][] | null;
    const batch = streams?.[0]?.[1] ?? [];
    for (const [id, fields] of batch) {
      const { change } = parseOrderingEntry(id, fields);
      if (change) apply(change, id);
      lastId = id;
    }
    if (batch.length < READ_COUNT && !needsReload) {
      heardAt = performance.now();
      settleWaiters(sentAt);
    }
    if (batch.length === 0) await new Promise((r) => setTimeout(r, POLL_MS));
  }

  async function run() {
    let failing = false;
    while (!closed) {
      try {
        if (reader.status !== 'ready') await connected();
        if (closed) return;
        const reason = needsReload;
        if (reason) {
          needsReload = undefined;
          await reload(reason);
        } else await follow();
        if (failing) ctx.logger.info('order gate follows the ordering stream again');
        failing = false;
      } catch (err) {
        settleWaiters(undefined);
        if (closed) return;
        heardAt = 0;
        needsReload ??= lastId ? 'reconnect' : 'start';
        if (!failing) ctx.logger.warn({ err }, 'order gate: stream or snapshot read failed; locked answers are read from Mongo until it recovers');
        failing = true;
        // A lost connection is waited for at the top of the loop; anything else is retried shortly.
        if (reader.status === 'ready') await new Promise((r) => setTimeout(r, RETRY_MS).unref());
      }
    }
  }
  void run();

  async function readMongo(partnerId: Types.ObjectId, ref: CustomerRef, cacheKey: string, reason: 'not-in-map' | 'not-live'): Promise<GateState | null> {
    metrics.orderGateReads.inc({ reason });
    const startedAt = generation;
    const wasLive = isLive();
    const filter = 'customerId' in ref ? { _id: ref.customerId, partnerId } : { partnerId, tenantId: ref.tenantId };
    const row = await ctx.models.customers.findOne(filter, PROJECTION).lean<Row>();
    if (!row) {
      if (wasLive && startedAt === generation) {
        if (unknown.size >= MAX_UNKNOWN) unknown.clear();
        unknown.set(cacheKey, Date.now() + UNKNOWN_TTL_MS);
      }
      return null;
    }
    return mergeRow(entries, row);
  }

  return {
    fromMemory(partnerId, ref) {
      const cacheKey = keyOf(partnerId, ref);
      const e = entries.get(cacheKey);
      if (e?.unlocked) return e;
      if (!isLive()) return undefined;
      if (e) return e;
      const until = unknown.get(cacheKey);
      return until !== undefined && until > Date.now() ? null : undefined;
    },
    async stateOf(partnerId, ref) {
      const cacheKey = keyOf(partnerId, ref);
      const e = entries.get(cacheKey);
      if (e?.unlocked) return e;
      const live = isLive();
      if (e && live) return e;
      // Known but not live (a stalled stream, or this process was starved of CPU): one stream read
      // sent after this request arrived settles every waiting one; a Mongo read if none comes back.
      if (e && !needsReload && heardAt > 0 && (await confirmedSince(performance.now()))) return e;
      if (!e && live) {
        const until = unknown.get(cacheKey);
        if (until !== undefined) {
          if (until > Date.now()) return null;
          unknown.delete(cacheKey);
        }
      }
      return readMongo(partnerId, ref, cacheKey, e ? 'not-live' : 'not-in-map');
    },
    isLive,
    onApplied(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastLoad: () => loaded,
    close() {
      closed = true;
      reader.disconnect();
    },
  };
}

/** Every router asks the same gate. */
export const orderGateFor: (ctx: Context) => OrderGate = onePerContext(createOrderGate);
