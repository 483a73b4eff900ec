import { Redis, type RedisOptions } from 'ioredis';

/**
 * Producers fail fast when Redis is down (the API answers 503 instead of hanging);
 * workers block on Redis and so must never time a command out (BullMQ requirement).
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  const opts: RedisOptions =
    role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 } : { maxRetriesPerRequest: null };
  return new Redis(url, opts);
}
