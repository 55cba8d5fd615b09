import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { RefreshTokenEntity } from '../src/refresh-token/refresh-token-entity.js';
import { startIssuer, type RunningIssuer } from './start-issuer.js';

/**
 * A refresh token holds the person's number for as long as the sign-in lasts (30 days): the
 * housekeeping job deletes it once that is over, and not before.
 */
describe.each(testDatabaseKinds())('refresh tokens and housekeeping on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind, { settings: { housekeepingIntervalMs: 100 } });
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('deletes the tokens of a sign-in whose 30 days are over, and keeps the rest', async () => {
    const now = issuer.ctx.now();
    const insert = (familyId: string, expiresAt: number) =>
      issuer.ctx.refreshTokens.insert({
        tokenHash: hashSecret(randomToken()),
        familyId,
        holderId: 'af',
        identityNumber: '191212121212',
        scopes: ['usage_log'],
        clientId: 'wallet-under-test',
        dpopJkt: null,
        createdAt: now,
        expiresAt,
        usedAt: null,
        revokedAt: null,
      });
    await insert('ending', now + 60);
    await insert('lasting', now + issuer.ctx.settings.refreshTokenTtl);
    const families = async () =>
      (await issuer.ctx.db.dataSource.getRepository(RefreshTokenEntity).find()).map((r) => r.familyId).sort();
    expect(await families()).toEqual(['ending', 'lasting']);
    issuer.advanceClock(61);
    try {
      await until('the ended sign-in is deleted', async () => (await families()).length === 1);
      expect(await families()).toEqual(['lasting']);
    } finally {
      issuer.advanceClock(-61);
    }
  });
});
