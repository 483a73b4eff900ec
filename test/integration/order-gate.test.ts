import { Redis } from 'ioredis';
import { orderGateFor, type OrderGate } from '@mca/api';
import { Types } from 'mongoose';
import { metrics } from '@mca/platform';
import { parseOrderingEntry, streamIdMs, type OrderingChange } from '@mca/core';
import { uploadSignedCopy, call, createCustomer, createPartner, TENANT } from '../harness/api-client';
import { startAnotherInstance, startTestService, type TestInstance, type TestService } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/**
 * The order gate: each API instance answers POST /v1/orders/authorize from memory, loaded from
 * Mongo and kept current by the ordering stream in Redis. Two instances of one deployment, the
 * real unlock worker, real Redis and FerretDB.
 */
describe('order gate across API instances', () => {
  let svc: TestService;
  let other: TestInstance;
  let redis: Redis;
  let partner: { id: string; apiKey: string };
  let gate1: OrderGate;
  let gate2: OrderGate;

  const authorize = (baseUrl: string, json: Record<string, unknown>, token = partner.apiKey) =>
    call(baseUrl, 'POST', '/v1/orders/authorize', { token, json: { action: 'new-order', program: 'CSP', ...json } });
  const live = (gate: OrderGate) => waitFor(async () => gate.isLive() || undefined, 'order gate live');
  const gateReads = async () => (await metrics.orderGateReads.get()).values.reduce((n, v) => n + v.value, 0);
  /** Reloads begun for this reason, by both instances (they share this process's metrics). */
  const reloads = async (reason: string) => (await metrics.orderGateReloads.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

  beforeAll(async () => {
    svc = await startTestService();
    other = await startAnotherInstance(svc);
    redis = new Redis(svc.env.REDIS_URL!);
    partner = await createPartner(svc.baseUrl, { name: 'Gate partner' });
    gate1 = orderGateFor(svc.ctx);
    gate2 = orderGateFor(other.ctx);
    await Promise.all([live(gate1), live(gate2)]);
  });
  afterAll(async () => {
    redis?.disconnect();
    await other?.stop();
    await svc?.stop();
  });

  test('a locked tenant is answered from memory while the stream is live: no Mongo read per order', async () => {
    const c = await createCustomer(svc.baseUrl, partner.apiKey);
    expect((await authorize(other.baseUrl, { tenantId: c.tenantId })).body).toMatchObject({ allowed: false, code: 'MCA_NOT_ACCEPTED' });
    await live(gate2);
    const before = await gateReads();
    // Synchronous up to its answer when memory may answer: no await between the check and the call.
    expect(gate2.isLive()).toBe(true);
    const state = gate2.stateOf(new Types.ObjectId(partner.id), { tenantId: c.tenantId });
    expect(await state).toEqual({ unlocked: false, writtenOnly: false });
    expect(await gateReads()).toBe(before);
  });

  test('an unlock through the unlock worker reaches the other instance within 100 ms of its XADD', async () => {
    const c = await createCustomer(svc.baseUrl, partner.apiKey);
    expect((await authorize(other.baseUrl, { customerId: c.id })).body).toMatchObject({ allowed: false });
    await live(gate2);
    // The stream's own clock (the entry id) against the moment instance 2 applied it.
    const heard = new Promise<{ change: OrderingChange; lagMs: number }>((resolve) => {
      const stop = gate2.onApplied((change, lagMs) => {
        if (change.customerId === c.id && change.unlocked) {
          stop();
          resolve({ change, lagMs });
        }
      });
    });
    await uploadSignedCopy(svc.baseUrl, partner.apiKey, c.id);
    // Poll instance 2 every 5 ms until it says allowed (the unlock worker runs meanwhile).
    let firstAllowedAt = 0;
    await waitFor(async () => {
      for (let i = 0; i < 200; i++) {
        const res = await authorize(other.baseUrl, { customerId: c.id });
        if (res.body?.allowed === true) return (firstAllowedAt = Date.now());
        await new Promise((r) => setTimeout(r, 5));
      }
      return undefined;
    }, 'instance 2 allows the order');
    const { change, lagMs } = await heard;
    expect(change).toMatchObject({ partnerId: partner.id, tenantId: c.tenantId, unlocked: true });
    const entries = (await redis.xrevrange(svc.ctx.orderingFeed.key, '+', '-', 'COUNT', 100)).map(([id, f]) => parseOrderingEntry(id, f));
    const xaddAt = streamIdMs(entries.find((e) => e.change?.customerId === c.id && e.change.unlocked)!.id);
    console.log(`unlock: XADD -> applied on instance 2 in ${lagMs} ms; XADD -> first "allowed" polled from instance 2 in ${firstAllowedAt - xaddAt} ms`);
    expect(lagMs).toBeLessThanOrEqual(100);
    // And once applied, every instance answers allowed (the writer's own included).
    expect((await authorize(svc.baseUrl, { tenantId: c.tenantId })).body).toEqual({ allowed: true });
  });

  test('a tenant created a moment ago on instance 1 is answered by instance 2, even one it had just found unknown', async () => {
    const fresh = await createCustomer(svc.baseUrl, partner.apiKey);
    expect((await authorize(other.baseUrl, { tenantId: fresh.tenantId })).status).toBe(200);

    const tenantId = TENANT();
    await live(gate2);
    expect((await authorize(other.baseUrl, { tenantId })).status).toBe(404); // now remembered as unknown
    await createCustomer(svc.baseUrl, partner.apiKey, { tenantId });
    const res = await waitFor(async () => {
      const r = await authorize(other.baseUrl, { tenantId });
      return r.status === 200 ? r : undefined;
    }, 'instance 2 knows the new tenant');
    expect(res.body).toMatchObject({ allowed: false, code: 'MCA_NOT_ACCEPTED' });
  });

  test("unknown tenants and another partner's customers are 404 on every instance", async () => {
    const c = await createCustomer(svc.baseUrl, partner.apiKey);
    const intruder = await createPartner(svc.baseUrl, { name: 'Other partner' });
    for (const base of [svc.baseUrl, other.baseUrl]) {
      for (const json of [{ tenantId: TENANT() }, { customerId: '0123456789abcdef01234567' }, { tenantId: c.tenantId }, { customerId: c.id }]) {
        const token =
          ('tenantId' in json && json.tenantId === c.tenantId) || ('customerId' in json && json.customerId === c.id) ? intruder.apiKey : partner.apiKey;
        const res = await authorize(base, json, token);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
      }
    }
  });

  test('Redis "restart" (stream deleted, reader connections killed): reload from Mongo, no stale lock, later unlocks seen', async () => {
    const locked = await createCustomer(svc.baseUrl, partner.apiKey);
    const lostUnlock = await createCustomer(svc.baseUrl, partner.apiKey);
    for (const c of [locked, lostUnlock]) expect((await authorize(other.baseUrl, { customerId: c.id })).body).toMatchObject({ allowed: false });
    const loadedBefore = gate2.lastLoad()!.at;
    const reconnectsBefore = await reloads('reconnect');

    // What a Redis restart without persistence does: the stream and its changes are gone, every
    // connection drops. An unlock written meanwhile never reaches the stream.
    await redis.del(svc.ctx.orderingFeed.key);
    await svc.ctx.models.customers.updateOne({ _id: lostUnlock.id }, { $set: { 'ordering.status': 'unlocked' } });
    const readers = ((await redis.client('LIST')) as string).split('\n').filter((l) => l.includes(` name=${svc.env.QUEUE_PREFIX}:order-gate:`));
    expect(readers).toHaveLength(2);
    for (const line of readers) await redis.client('KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);

    // Polling, an instance may see the stream gone (a `gap` reload) before it sees its connection
    // killed: it is then live again before the kill and the stale-lock checks below pass either way.
    // But a lost connection always costs a reload of its own (Redis may be back from an older
    // snapshot), so both instances begin a `reconnect` reload, and instance 2 is live after it.
    await waitFor(
      async () => (gate2.lastLoad()!.at > loadedBefore && (await reloads('reconnect')) >= reconnectsBefore + 2 && gate2.isLive()) || undefined,
      'both instances reloaded after their reconnect, instance 2 live',
    );
    expect((await authorize(other.baseUrl, { customerId: lostUnlock.id })).body).toEqual({ allowed: true });
    expect((await authorize(other.baseUrl, { customerId: locked.id })).body).toMatchObject({ allowed: false, code: 'MCA_NOT_ACCEPTED' });
    expect((await authorize(other.baseUrl, { tenantId: TENANT() })).status).toBe(404);

    await uploadSignedCopy(svc.baseUrl, partner.apiKey, locked.id);
    await waitFor(
      async () => (await authorize(other.baseUrl, { customerId: locked.id })).body?.allowed === true || undefined,
      'unlock after the restart seen by instance 2',
    );
  });

  test('the stream trimmed past an instance (its last id gone): it reloads instead of missing changes', async () => {
    await live(gate2);
    const loadedBefore = gate2.lastLoad()!.at;
    const before = await reloads('gap');
    await redis.xtrim(svc.ctx.orderingFeed.key, 'MAXLEN', 0);
    const c = await createCustomer(svc.baseUrl, partner.apiKey);
    await waitFor(async () => (gate2.lastLoad()!.at > loadedBefore && gate2.isLive()) || undefined, 'instance 2 reloaded');
    expect(await reloads('gap')).toBeGreaterThan(before);
    expect((await authorize(other.baseUrl, { customerId: c.id })).body).toMatchObject({ allowed: false });
  });
});
