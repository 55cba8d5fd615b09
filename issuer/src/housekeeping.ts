import type { IssuerContext } from './context.js';

/**
 * The issuer's retention job: every `housekeepingIntervalMs` it deletes the expired nonces,
 * access tokens and authorization requests (issuer-store `purgeExpired`), by the context clock.
 * Returns a function that stops it and waits for a pass under way.
 */
export function startIssuerHousekeeping(ctx: IssuerContext): () => Promise<void> {
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= ctx.store
      .purgeExpired(ctx.now())
      .then(() => undefined)
      .catch((err: unknown) => {
        ctx.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'purge failed');
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const interval = ctx.settings.housekeepingIntervalMs;
  const timer = interval > 0 ? setInterval(() => void pass(), interval) : undefined;
  timer?.unref();
  return async () => {
    if (timer) clearInterval(timer);
    await running;
  };
}
