/**
 * How long to wait before the next attempt: doubling from `baseMs` per attempt, capped at
 * `capMs`, with "equal jitter" (half fixed, half random) so many senders that failed against
 * one receiver together do not all come back at the same moment.
 */
export function retryDelayMs(options: {
  /** Attempts made so far, including the one that just failed (≥ 1). */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** A number in [0, 1); tests pass a fixed one. */
  random?: number;
}): number {
  const exponent = Math.min(Math.max(options.attempts - 1, 0), 40);
  const delay = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const random = options.random ?? Math.random();
  // At least a millisecond: a retry is never due at once, so a failing row cannot spin.
  return Math.max(1, Math.ceil(delay / 2 + (delay / 2) * random));
}
