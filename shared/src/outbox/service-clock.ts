/**
 * A service's two views of one clock: `now` in epoch seconds (tokens, retention) and `clock` in
 * epoch milliseconds (the outbox's leases and retries). Tests pass either to move time; given
 * only `now`, the milliseconds are its whole seconds.
 */
export function serviceClock(options: { now?: () => number; clock?: () => number }): {
  now: () => number;
  clock: () => number;
} {
  const { now, clock } = options;
  if (clock) return { clock, now: now ?? (() => Math.floor(clock() / 1000)) };
  if (now) return { now, clock: () => now() * 1000 };
  return { clock: () => Date.now(), now: () => Math.floor(Date.now() / 1000) };
}
