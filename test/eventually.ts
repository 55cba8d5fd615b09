/**
 * Polls `probe` until it gives a value (not `undefined`), within a generous deadline, for an
 * outcome that arrives asynchronously (an outbox delivery, a webhook): never a fixed sleep.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
