import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { StandingPermissionChangeEntity } from '../src/persistence/standing-permission-entities.js';
import { createMutableTrustList, startVerifier, type RunningVerifier } from './start-verifier.js';

/**
 * Retention of the verifier's bookkeeping: settled webhook rows and applied change ids are
 * dropped after `outboxRetention`; pending webhooks and newer rows stay.
 */
describe.each(testDatabaseKinds())('outbox retention on %s', (kind) => {
  let verifier: RunningVerifier;
  beforeAll(async () => {
    // No polling: the rows below stay as they are written.
    verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      settings: { webhookPollMs: 0 },
    });
  });
  afterAll(async () => {
    await verifier?.stop();
  });

  it('drops settled webhooks and applied change ids older than the retention, and nothing else', async () => {
    const { outbox, standingPermissions } = verifier.ctx;
    const now = verifier.ctx.now();
    const webhook = (createdAt: number) =>
      outbox.insertWebhook(
        {
          consumerId: 'insurer',
          url: 'https://insurer.example/hook',
          urlSource: 'consumer',
          event: 'presentation_result',
          headers: {},
          body: '{}',
        },
        { now: createdAt, nowMs: Date.now() + 3_600_000 },
      );
    const oldDelivered = await webhook(now - 10_000);
    const oldPending = await webhook(now - 10_000);
    const newDelivered = await webhook(now);
    const later = verifier.ctx.clock() + 3_600_000;
    const claims = await outbox.worker.claimDue({ now: later, leaseUntil: later + 100_000, limit: 10 });
    expect(claims.map((c) => c.id).sort()).toEqual([oldDelivered, oldPending, newDelivered].sort());
    for (const claim of claims) {
      if (claim.id === oldPending) await outbox.worker.release(claim);
      else expect(await outbox.worker.markDelivered(claim, { attempts: 1, now: later })).toBe(true);
    }
    const changes = verifier.ctx.db.dataSource.getRepository(StandingPermissionChangeEntity);
    await changes.insert([
      { permissionId: 'p', changeId: 'old', profileVersion: 1, appliedAt: now - 10_000 },
      { permissionId: 'p', changeId: 'new', profileVersion: 2, appliedAt: now },
    ]);

    expect(await outbox.purgeSettledWebhooks(now - 5_000)).toBe(1);
    expect(await standingPermissions.purgeAppliedChanges(now - 5_000)).toBe(1);

    const left = (await outbox.listWebhooks()).map((w) => w.id).sort();
    expect(left).toEqual([oldPending, newDelivered].sort());
    expect((await changes.find()).map((c) => c.changeId)).toEqual(['new']);
  });
});
