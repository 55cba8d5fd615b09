import type { Database } from '../db.js';
import { counterKey, windowIndex, type RateLimitBackend } from './rate-limit-backend.js';

/** Rows of windows that ended longer ago than this are deleted now and then. */
const keepWindows = 2;

/**
 * Counters in the `rate_limit_counter` table (CreateRateLimitCounter migration): one row per
 * key, moved to the current window and incremented by one atomic upsert, so concurrent hits on
 * several instances never lose a count.
 */
export function createPostgresRateLimitBackend(db: Database): RateLimitBackend {
  let hits = 0;
  return {
    async hit(key, windowMs, now) {
      const window = windowIndex(now, windowMs);
      const rows = (await db.dataSource.query(
        `INSERT INTO rate_limit_counter (counter_key, window_index, hits) VALUES ($1, $2, 1)
         ON CONFLICT (counter_key) DO UPDATE SET
           hits = CASE WHEN rate_limit_counter.window_index = EXCLUDED.window_index
                       THEN rate_limit_counter.hits + 1 ELSE 1 END,
           window_index = EXCLUDED.window_index
         RETURNING hits`,
        [counterKey(key), window],
      )) as Array<{ hits: number }>;
      // Housekeeping every so often, by whichever instance gets there.
      if (++hits % 500 === 0) {
        await db.dataSource.query('DELETE FROM rate_limit_counter WHERE window_index < $1', [
          window - keepWindows,
        ]);
      }
      return Number(rows[0].hits);
    },
    async undo(key, windowMs, now) {
      await db.dataSource.query(
        'UPDATE rate_limit_counter SET hits = hits - 1 WHERE counter_key = $1 AND window_index = $2 AND hits > 0',
        [counterKey(key), windowIndex(now, windowMs)],
      );
    },
    async reset(key) {
      await db.dataSource.query('DELETE FROM rate_limit_counter WHERE counter_key = $1', [counterKey(key)]);
    },
    // The service's database: it closes it.
    close: async () => undefined,
  };
}
