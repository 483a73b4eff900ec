/** The pipeline's peer: raw BullMQ no-op jobs on the same Redis with the same concurrency. */
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { inParallel } from './in-parallel';

/** inbound-email's, unlock's and notify's concurrency (workers/host.ts) is what the peer gets. */
const PEER_CONCURRENCY = Number(process.env.BENCH_PEER_CONCURRENCY ?? process.env.WORKER_CONCURRENCY ?? 4);

/** No-op jobs: one queue, and a chain of three queues each handing on to the next. */
export async function rawBullmq(redisUrl: string, prefix: string, jobs: number) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const run = async (stages: number) => {
    const names = Array.from({ length: stages }, (_, i) => `bench-noop-${stages}-${i}`);
    const queues = names.map((name) => new Queue(name, { connection: producer, prefix }));
    let done = 0;
    let finished!: () => void;
    const all = new Promise<void>((r) => (finished = r));
    const workers = names.map(
      (name, i) =>
        new Worker(
          name,
          async (job) => {
            if (i + 1 < stages) await queues[i + 1]!.add(name, {}, { jobId: `${job.id}-${i + 1}`, removeOnComplete: true });
            else if (++done === jobs) finished();
          },
          { connection, prefix, concurrency: PEER_CONCURRENCY },
        ),
    );
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const t0 = performance.now();
    await inParallel(jobs, 50, (i) => queues[0]!.add(names[0]!, { i }, { jobId: `j${i}`, removeOnComplete: true }));
    await all;
    const perSecond = Math.round(jobs / ((performance.now() - t0) / 1000));
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
    return perSecond;
  };
  try {
    return { concurrency: PEER_CONCURRENCY, jobs, oneQueuePerSecond: await run(1), chainOfThreePerSecond: await run(3) };
  } finally {
    connection.disconnect();
    producer.disconnect();
  }
}
