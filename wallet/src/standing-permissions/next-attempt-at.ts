/**
 * When to try a failed delivery again: exponential backoff from `baseSeconds`, capped at
 * `capSeconds`, with "equal jitter" (half fixed, half random) so many wallets retrying one
 * consumer that was down do not all come back in the same second.
 */
export function nextAttemptAt(options: {
  now: number;
  /** Attempts made so far, including the one that just failed (≥ 1). */
  attempts: number;
  baseSeconds: number;
  capSeconds: number;
  /** A number in [0, 1); tests pass a fixed one. */
  random?: number;
}): number {
  const exponent = Math.min(Math.max(options.attempts - 1, 0), 30);
  const delay = Math.min(options.capSeconds, options.baseSeconds * 2 ** exponent);
  const random = options.random ?? Math.random();
  return options.now + Math.max(1, Math.ceil(delay / 2 + (delay / 2) * random));
}
