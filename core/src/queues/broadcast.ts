import type { Redis } from 'ioredis';
import type { Logger } from '@mca/platform';
import { createRedis } from './redis';

export interface BroadcastListener {
  onMessage(message: string): void;
  /** The subscription was down for a while: messages sent meanwhile are lost. */
  onGap(): void;
}

/**
 * Messages every process of the deployment hears at once (Redis pub/sub), for what a process
 * keeps in memory and another one changes (a revoked API key in the auth cache). Best effort by
 * nature: a listener must bound its own staleness too, and is told when it may have missed some.
 */
export interface Broadcast {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once Redis confirmed the subscription. */
  subscribe(channel: string, listener: BroadcastListener): Promise<void>;
  close(): void;
}

export function createBroadcast(opts: { redisUrl: string; publisher: Redis; prefix: string; logger: Logger }): Broadcast {
  const listeners = new Map<string, BroadcastListener[]>();
  const channelName = (channel: string) => `${opts.prefix}:broadcast:${channel}`;
  // Subscribing takes a connection of its own; opened only by a process that listens (the API).
  let subscriber: Redis | undefined;

  function connectSubscriber(): Redis {
    const s = createRedis(opts.redisUrl, 'worker');
    let readyBefore = false;
    s.on('ready', () => {
      if (readyBefore) for (const list of listeners.values()) for (const l of list) l.onGap();
      readyBefore = true;
    });
    s.on('error', (err) => opts.logger.warn({ err }, 'broadcast subscriber: Redis error'));
    s.on('message', (channel: string, message: string) => {
      for (const l of listeners.get(channel) ?? []) l.onMessage(message);
    });
    return s;
  }

  return {
    async publish(channel, message) {
      await opts.publisher.publish(channelName(channel), message);
    },
    async subscribe(channel, listener) {
      subscriber ??= connectSubscriber();
      const name = channelName(channel);
      const list = listeners.get(name) ?? [];
      list.push(listener);
      listeners.set(name, list);
      if (list.length === 1) await subscriber.subscribe(name);
    },
    close() {
      subscriber?.disconnect();
      subscriber = undefined;
      listeners.clear();
    },
  };
}
