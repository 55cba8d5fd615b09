import { IsNull, LessThan } from 'typeorm';
import type { WalletContext } from './context.js';
import {
  HolderAuthorizationEntity,
  LoginRequestEntity,
  PresentationRequestEntity,
  SessionEntity,
} from './persistence/entities.js';
import { WebAuthnChallengeEntity } from './persistence/passkey-entities.js';
import { SigningRequestEntity } from './persistence/signing-request-entities.js';
import { OmbudSignInEntity } from './ombud/ombud-sign-in-entities.js';
import { startPeriodicJob } from '@min-profil/shared/periodic-job';

/** An unanswered verifier request (with any document it carried) is kept this long after expiry. */
const unansweredRequestGrace = 86_400;

/**
 * The wallet's retention job: every `housekeepingIntervalMs` it deletes sign-in requests,
 * sessions and holder authorizations that expired (by the context clock): none is accepted
 * any more, and a sign-in request is created by anyone who opens `/auth/login`. Verifier
 * requests nobody answered (each opened link leaves one, with a copy of any document to
 * approve) go a day after they expired; answered ones stay with the person's log. One DELETE
 * each, so instances sharing the database may run it at once. Returns a function that stops
 * it and waits for a pass under way.
 */
export function startWalletHousekeeping(ctx: WalletContext): () => Promise<void> {
  const job = startPeriodicJob({
    intervalMs: ctx.settings.housekeepingIntervalMs,
    pass: () => purgeExpired(ctx),
    onError: (err) =>
      ctx.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'purge failed'),
  });
  return job.stop;
}

export async function purgeExpired(ctx: WalletContext): Promise<number> {
  const now = ctx.now();
  let deleted = 0;
  for (const entity of [
    LoginRequestEntity,
    SessionEntity,
    HolderAuthorizationEntity,
    WebAuthnChallengeEntity,
    SigningRequestEntity,
    // A Mina ombud sign-in whose token lapsed is of no use to anyone.
    OmbudSignInEntity,
  ]) {
    const result = await ctx.db.dataSource.getRepository(entity).delete({ expiresAt: LessThan(now) });
    deleted += result.affected ?? 0;
  }
  const unanswered = await ctx.db.dataSource
    .getRepository(PresentationRequestEntity)
    .delete({ answeredAt: IsNull(), expiresAt: LessThan(now - unansweredRequestGrace) });
  return deleted + (unanswered.affected ?? 0);
}
