import { Types } from 'mongoose';
import { groupCreate, groupInsert, isDuplicateKey } from '@mca/core';
import { startTestService, type TestService } from '../harness/service';

/**
 * groupInsert on the real store: rows asked for in the same moment are stored by one insert
 * (counted with the driver's command monitor), and each caller hears of its own row only, a
 * unique index's refusal as code 11000 like insertOne's.
 */
describe('groupInsert', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ workers: false });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  test('rows of one moment go in one insert; a duplicate fails only its own caller', async () => {
    const collection = svc.ctx.db.conn.collection('group_insert_test');
    await collection.createIndex({ key: 1 }, { unique: true });
    await collection.insertOne({ _id: new Types.ObjectId(), key: 'taken' });

    const inserts: number[] = [];
    const client = svc.ctx.db.conn.getClient();
    const onStarted = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'insert' && e.command.insert === 'group_insert_test') inserts.push((e.command.documents as unknown[] | undefined)?.length ?? -1);
    };
    // Command events only come from connections opened after monitoring is on: a fresh pool.
    const monitored = new (client.constructor as typeof import('mongodb').MongoClient)(svc.env.MONGO_URL!, { monitorCommands: true });
    await monitored.connect();
    monitored.on('commandStarted', onStarted);
    try {
      const target = monitored.db(svc.ctx.db.conn.db!.databaseName).collection('group_insert_test');
      const keys = ['a', 'b', 'taken', 'c', 'b'];
      const outcomes = await Promise.allSettled(keys.map((key) => groupInsert(target, { _id: new Types.ObjectId(), key })));

      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
      for (const o of outcomes) if (o.status === 'rejected') expect(isDuplicateKey(o.reason)).toBe(true);
      expect(inserts).toEqual([5]);
      const stored = await collection.find({}, { projection: { _id: 0, key: 1 } }).toArray();
      expect(stored.map((d) => d.key).sort()).toEqual(['a', 'b', 'c', 'taken']);

      // Asked for one after another, each row is its own insert.
      await groupInsert(target, { _id: new Types.ObjectId(), key: 'd' });
      await groupInsert(target, { _id: new Types.ObjectId(), key: 'e' });
      expect(inserts).toEqual([5, 1, 1]);
    } finally {
      await monitored.close();
    }
  });

  test('groupCreate stores what Model.create would: defaults, timestamps, validation, duplicate _id refused', async () => {
    const model = svc.ctx.models.consentRequests;
    const base = () => ({
      partnerId: new Types.ObjectId(),
      customerId: new Types.ObjectId(),
      channel: 'email' as const,
      status: 'queued' as const,
      locale: 'en-US',
      replyToken: `t${new Types.ObjectId().toHexString()}`,
      // Stored sealed (the vault's job, not this test's): any value the schema takes.
      representative: { sealed: 'x' } as never,
    });
    const before = Date.now();
    const created = await Promise.all([groupCreate(model, base()), groupCreate(model, base())]);
    for (const row of created) {
      const stored = await model.findById(row._id).lean();
      expect(stored).not.toBeNull();
      // Defaults from the schema, and timestamps as create sets them.
      expect(stored!.sendCount).toBe(1);
      expect(stored!.history).toEqual([]);
      expect(stored!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(stored!.updatedAt.getTime()).toBe(stored!.createdAt.getTime());
      expect(row.createdAt.getTime()).toBe(stored!.createdAt.getTime());
    }
    // Validation refuses what create refuses, and nothing is stored.
    const bad = { ...base(), status: undefined };
    await expect(groupCreate(model, bad)).rejects.toThrow(/status/);
    expect(await model.countDocuments({ partnerId: bad.partnerId })).toBe(0);
    // A second document under the same _id is refused as insertOne would refuse it.
    const again = await groupCreate(model, base()).then((r) => groupCreate(model, { ...base(), _id: r._id }).catch((e: unknown) => e));
    expect(isDuplicateKey(again)).toBe(true);
  });
});
