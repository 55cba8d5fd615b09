import { createClient } from 'redis';
import { counterKey, windowIndex, type RateLimitBackend } from './rate-limit-backend.js';

/**
 * Counters in Redis (`REDIS_URL`): one key per client and window, incremented with INCR and
 * expiring once the window is over. `prefix` keeps the services' counters apart in one Redis.
 */
export async function createRedisRateLimitBackend(url: string, prefix: string): Promise<RateLimitBackend> {
  const client = createClient({ url });
  // Reconnects by itself; an error while Redis is away is answered per request, not fatal.
  client.on('error', () => undefined);
  await client.connect();
  const name = (key: string, windowMs: number, now: number) =>
    `${prefix}:rl:${counterKey(key)}:${windowIndex(now, windowMs)}`;
  return {
    async hit(key, windowMs, now) {
      const counter = name(key, windowMs, now);
      const [hits] = await client
        .multi()
        .incr(counter)
        .pExpire(counter, windowMs * 2)
        .exec();
      return Number(hits);
    },
    async undo(key, windowMs, now) {
      await client.decr(name(key, windowMs, now));
    },
    async reset(key) {
      const keys = await client.keys(`${prefix}:rl:${counterKey(key)}:*`);
      if (keys.length > 0) await client.del(keys);
    },
    async close() {
      await client.close();
    },
  };
}
