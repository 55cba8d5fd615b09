import { LessThan } from 'typeorm';
import type { WalletContext } from './context.js';
import { HolderAuthorizationEntity, LoginRequestEntity, SessionEntity } from './persistence/entities.js';

/**
 * The wallet's retention job: every `housekeepingIntervalMs` it deletes sign-in requests,
 * sessions and holder authorizations that expired (by the context clock): none is accepted
 * any more, and a sign-in request is created by anyone who opens `/auth/login`. One DELETE
 * each, so instances sharing the database may run it at once. Returns a function that stops
 * it and waits for a pass under way.
 */
export function startWalletHousekeeping(ctx: WalletContext): () => Promise<void> {
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= purgeExpired(ctx)
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

export async function purgeExpired(ctx: WalletContext): Promise<number> {
  const now = ctx.now();
  let deleted = 0;
  for (const entity of [LoginRequestEntity, SessionEntity, HolderAuthorizationEntity]) {
    const result = await ctx.db.dataSource.getRepository(entity).delete({ expiresAt: LessThan(now) });
    deleted += result.affected ?? 0;
  }
  return deleted;
}
