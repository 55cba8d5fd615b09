import type { IssuerContext } from './context.js';

/**
 * The issuer's retention job: every `housekeepingIntervalMs` it deletes the expired nonces,
 * access tokens and authorization requests (issuer-store `purgeExpired`), and pushed
 * authorization requests an hour after they ended (RFC 9126 request_uris live a minute), by
 * the context clock.
 * Returns a function that stops it and waits for a pass under way.
 */
export function startIssuerHousekeeping(ctx: IssuerContext): () => Promise<void> {
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= Promise.all([
      ctx.store.purgeExpired(ctx.now()),
      ctx.pushedRequests.purgeExpired(ctx.now() - 3600),
    ])
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
