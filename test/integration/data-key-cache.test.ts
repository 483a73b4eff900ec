import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { createDataKeys, customerKeyId } from '@mca/core';
import { startTestService, type TestService } from '../harness/service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The data-key cache's promise to erasure (README, Personal data at rest): another process's
 * erasure reaches this one within the cache's lifetime, counted from the read, however often
 * the key is used meanwhile. Two caches over one store stand for two processes.
 */
describe('data key cache', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ workers: false });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  test('a key in constant use is read again after its lifetime, so an erasure elsewhere shows', async () => {
    const master = [{ id: 'test-master', key: randomBytes(32) }];
    const here = createDataKeys(svc.ctx.models, master, { ttlMs: 400 });
    const elsewhere = createDataKeys(svc.ctx.models, master, { ttlMs: 400 });
    const id = customerKeyId(new Types.ObjectId());
    const key = await here.forSealing(id);

    expect(await elsewhere.erase(id, new Date())).toBe(true);
    // Still the cached copy right after the erasure: the bound is the lifetime, not zero.
    expect(await here.forOpening(id)).toEqual(key);
    const seen: Array<Buffer | 'erased'> = [];
    for (let i = 0; i < 12; i++) {
      seen.push(await here.forOpening(id));
      await sleep(50);
    }
    expect(seen.at(-1)).toBe('erased');
    expect(await here.isErased(id)).toBe(true);
  });

  test('a cached key owns its 32 bytes: it pins no shared buffer pool slab and leaves no copy in one', async () => {
    const master = [{ id: 'test-master', key: randomBytes(32) }];
    const writer = createDataKeys(svc.ctx.models, master);
    const reader = createDataKeys(svc.ctx.models, master);
    const ids = [customerKeyId(new Types.ObjectId()), customerKeyId(new Types.ObjectId())];
    const sealing = await writer.forSealing(ids[0]!);
    await writer.createForNewCustomers([{ customerId: new Types.ObjectId(ids[1]!.slice('customer:'.length)), partnerId: new Types.ObjectId() }]);
    // Read back from the store: unwrapped from the row, the path that used to hand out pool slices.
    const opened = await Promise.all(ids.map((id) => reader.forOpening(id)));
    const row = await svc.ctx.models.dataKeys.findById(ids[1]).lean();
    reader.warm([{ _id: ids[1]!, kid: row!.kid, wrapped: row!.wrapped }]);
    for (const key of [sealing, ...opened, await reader.forOpening(ids[1]!)]) {
      if (key === 'erased') throw new Error('a fresh key reads as erased');
      expect(key.length).toBe(32);
      expect(key.buffer.byteLength).toBe(32);
    }
    expect(opened[0]).toEqual(sealing);
  });

  test('first uses of a new key side by side, started a moment apart, all get the one stored key', async () => {
    const master = [{ id: 'test-master', key: randomBytes(32) }];
    for (let round = 0; round < 12; round++) {
      const keys = createDataKeys(svc.ctx.models, master);
      const id = customerKeyId(new Types.ObjectId());
      // Staggered, so that some reads start while another caller's upsert is under way.
      const got = await Promise.all(Array.from({ length: 40 }, (_, i) => sleep(i / 4).then(() => keys.forSealing(id))));
      const stored = await createDataKeys(svc.ctx.models, master).forOpening(id);
      for (const key of got) expect(key).toEqual(stored);
    }
  });
});
