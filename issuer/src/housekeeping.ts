import type { IssuerContext } from './context.js';
import { startPeriodicJob } from '@min-profil/shared/periodic-job';

/**
 * The issuer's retention job: every `housekeepingIntervalMs` it deletes the expired nonces,
 * access tokens and authorization requests (issuer-store `purgeExpired`), and pushed
 * authorization requests an hour after they ended (RFC 9126 request_uris live a minute), by
 * the context clock; and refresh tokens whose sign-in ended (30 days).
 * Returns a function that stops it and waits for a pass under way.
 */
export function startIssuerHousekeeping(ctx: IssuerContext): () => Promise<void> {
  const job = startPeriodicJob({
    intervalMs: ctx.settings.housekeepingIntervalMs,
    pass: () =>
      Promise.all([
        ctx.store.purgeExpired(ctx.now()),
        ctx.pushedRequests.purgeExpired(ctx.now() - 3600),
        ctx.refreshTokens.purgeExpired(ctx.now()),
      ]),
    onError: (err) =>
      ctx.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'purge failed'),
  });
  return job.stop;
}
