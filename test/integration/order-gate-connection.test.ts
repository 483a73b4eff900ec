import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { createOrderingFeed, type Context } from '@mca/core';
import { createOrderGate } from '../../services/api/src/order-gate';
import { deleteKeys } from '../harness/service';
import { waitFor } from '../harness/wait-for';

/**
 * A TCP proxy in front of Redis that holds Redis's replies back once a client sent a given
 * command, and cuts every connection: the one way to lose the gate's connection with that
 * command certainly in flight (a CLIENT KILL lands between polls more often than not, and a
 * CLIENT PAUSE would hold every other client of the Redis too).
 */
async function startProxy(redisUrl: string) {
  const target = new URL(redisUrl);
  const sockets = new Set<net.Socket>();
  let holdFrom: RegExp | undefined;
  let heldSince = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    let holding = false;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (holdFrom?.test(chunk.toString('latin1')) && !holding) {
        holding = true;
        heldSince ||= Date.now();
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => holding || client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    /** From the next such command on a connection, Redis's replies to it are dropped (the command still runs). */
    holdFrom(command: RegExp) {
      holdFrom = command;
      heldSince = 0;
    },
    /** Whether a reply is being held. */
    holding: () => heldSince > 0,
    /** Every connection dropped, new ones served normally. */
    cut() {
      holdFrom = undefined;
      heldSince = 0;
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('order gate: its connection lost with a command in flight', () => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `mca-test-gateconn-${randomBytes(4).toString('hex')}`;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let publisher: Redis;
  let gate: ReturnType<typeof createOrderGate>;
  let feed: ReturnType<typeof createOrderingFeed>;
  const partnerId = new Types.ObjectId();
  const customer = { _id: new Types.ObjectId(), partnerId, tenantId: 'tenant-locked', ordering: { status: 'locked' } };
  const warnings: string[] = [];

  beforeAll(async () => {
    proxy = await startProxy(redisUrl);
    publisher = new Redis(redisUrl);
    feed = createOrderingFeed({ redisUrl: proxy.url, publisher, prefix });
    // What the gate asks of a context: the stream, its prefix, the customers' snapshot, a logger.
    const ctx = {
      config: { QUEUE_PREFIX: prefix },
      orderingFeed: feed,
      models: {
        customers: {
          collection: {
            find: () =>
              (async function* () {
                yield customer;
              })(),
          },
          findOne: () => ({ lean: async () => null }),
        },
      },
      logger: { info: () => undefined, warn: (_: unknown, msg: string) => warnings.push(msg) },
    } as unknown as Context;
    gate = createOrderGate(ctx);
    await waitFor(async () => gate.isLive() || undefined, 'gate live');
  });
  afterAll(async () => {
    gate?.close();
    feed?.close();
    await proxy?.close();
    await deleteKeys(redisUrl, `${prefix}:*`);
    publisher?.disconnect();
  });

  test('a poll whose reply never comes is failed by the close: the gate reloads and is live again', async () => {
    const loadedBefore = gate.lastLoad()!.at;
    proxy.holdFrom(/xread/i);
    await waitFor(async () => (proxy.holding() && !gate.isLive()) || undefined, 'a poll held, the gate out of live');
    proxy.cut();
    await waitFor(async () => (gate.lastLoad()!.at > loadedBefore && gate.isLive()) || undefined, 'gate reloaded and live again', 5_000);
    expect(warnings.length).toBeGreaterThan(0);
    expect(await gate.stateOf(partnerId, { tenantId: 'tenant-locked' })).toEqual({ unlocked: false, writtenOnly: false });
  });

  test("the reload's marker XADD lost the same way: the gate reloads again and is live", async () => {
    const loadedBefore = gate.lastLoad()!.at;
    // This cut makes the gate reconnect and reload; that reload's XADD gets no reply.
    proxy.cut();
    proxy.holdFrom(/xadd/i);
    await waitFor(async () => proxy.holding() || undefined, "the reload's XADD held");
    await new Promise((r) => setTimeout(r, 100));
    expect(gate.isLive()).toBe(false);
    expect(gate.lastLoad()!.at).toEqual(loadedBefore);
    proxy.cut();
    await waitFor(async () => (gate.lastLoad()!.at > loadedBefore && gate.isLive()) || undefined, 'gate reloaded and live again', 5_000);
  });
});
