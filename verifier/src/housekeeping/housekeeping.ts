import type { VerifierContext } from '../context.js';
import { purgeExpiredRequests } from './purge-expired-requests.js';
import { purgeOrphanedSecondSignatories } from '../approval/second-signatory.js';

/**
 * The verifier's retention job: every `housekeepingIntervalMs` it deletes what has outlived its
 * retention (claim values, unanswered requests and their documents, approvals past
 * `approvalRetention`, used nonces, settled webhooks, applied change ids). Every step is a
 * DELETE or UPDATE by time, so two instances on one database may run it at once: whichever
 * comes second finds nothing left. Times come from `ctx.now()`, which tests move.
 */
export interface Housekeeping {
  start(): void;
  /** One pass now (also what the timer runs); resolves when it is done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** `context` is read when the job runs: the job is itself part of the context. */
export function createHousekeeping(context: () => VerifierContext): Housekeeping {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function pass(): Promise<void> {
    const ctx = context();
    const now = ctx.now();
    const before = now - ctx.settings.outboxRetention;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['claims', () => ctx.store.purgeExpiredClaims(now)],
      ['requests', () => purgeExpiredRequests(ctx, now)],
      ['second signatories', () => purgeOrphanedSecondSignatories(ctx)],
      ['encryption keys', () => ctx.store.deleteExpiredEncryptionKeys(now)],
      ['nonces', () => ctx.standingPermissions.purgeExpiredNonces(now)],
      ['webhooks', () => ctx.outbox.purgeSettledWebhooks(before)],
      ['changes', () => ctx.standingPermissions.purgeAppliedChanges(before)],
      ['consent records', () => ctx.consentRecords.purgeExpiredRecords(now)],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (err) {
        ctx.logger.error({ what, err: err instanceof Error ? err.message : String(err) }, 'purge failed');
      }
    }
  }

  function runOnce(): Promise<void> {
    // Passes do not overlap: a slow one is awaited by whoever asks next.
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    start() {
      const interval = context().settings.housekeepingIntervalMs;
      if (stopped || timer || interval <= 0) return;
      timer = setInterval(() => void runOnce(), interval);
      timer.unref();
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
