/** What the benches measure besides time: Mongo calls by kind, and CPU of this process's descendants or of one process (from /proc). */
import { readFileSync, readdirSync } from 'node:fs';
import mongoose from 'mongoose';

/** Mongo operations by collection.method while `fn` runs (mongoose's debug hook sees every model call). */
export async function countMongoCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const calls: Record<string, number> = {};
  mongoose.set('debug', (collection: string, method: string) => {
    const key = `${collection}.${method}`;
    calls[key] = (calls[key] ?? 0) + 1;
  });
  try {
    return { result: await fn(), calls };
  } finally {
    mongoose.set('debug', false);
  }
}

/**
 * CPU ms used so far by the descendants of `root` (this process: FerretDB, its PostgreSQL
 * cluster, the API child) but the subtrees of `except`: the store's share.
 */
export function descendantsCpuMs(except: readonly number[] = [], root = process.pid): number {
  const tick = 1000 / 100; // USER_HZ
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
          .replace(/^.*\) /, '')
          .split(' ');
        return [{ pid: Number(pid), ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) * tick }];
      } catch {
        return [];
      }
    });
  const mine = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) {
      if (!mine.has(s.pid) && mine.has(s.ppid) && !except.includes(s.pid)) {
        mine.add(s.pid);
        grew = true;
      }
    }
  }
  return stats.filter((s) => s.pid !== root && mine.has(s.pid)).reduce((sum, s) => sum + s.cpu, 0);
}

export function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}
