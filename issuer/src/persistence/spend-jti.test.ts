import { openDatabase } from '@min-profil/shared/db';
import { createTestDatabase, testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { issuerEntities } from './entities.js';
import { createIssuerStore } from './issuer-store.js';
import { issuerMigrations } from './migrations/index.js';

describe.each(testDatabaseKinds())('spending a proof jti on %s', (kind) => {
  it('spends a jti once: the first call wins, every later or concurrent one is refused', async () => {
    const testDb = createTestDatabase(kind, 'spend_jti');
    const db = await openDatabase({
      url: testDb.url,
      schema: testDb.schema,
      entities: issuerEntities,
      migrations: issuerMigrations,
    });
    // A second connection pool on the same database: what another instance would use.
    const other = await openDatabase({
      url: testDb.url,
      schema: testDb.schema,
      entities: issuerEntities,
      migrations: [],
    });
    try {
      const store = createIssuerStore(db);
      const otherStore = createIssuerStore(other);
      await expect(store.spendJti('a', 2_000_000_000)).resolves.toBe(true);
      await expect(store.spendJti('a', 2_000_000_000)).resolves.toBe(false);
      await expect(otherStore.spendJti('a', 2_000_000_000)).resolves.toBe(false);
      await expect(otherStore.spendJti('b', 2_000_000_000)).resolves.toBe(true);

      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? store : otherStore).spendJti('c', 2_000_000_000)),
      );
      expect(attempts.filter(Boolean)).toHaveLength(1);

      // The row keeps its expiry, so the housekeeping purges it once the proof could no longer be used.
      expect(await store.purgeExpired(1_000_000_000)).toBe(0);
      expect(await store.purgeExpired(2_000_000_001)).toBe(3);
      await expect(store.spendJti('a', 2_000_000_000)).resolves.toBe(true);
    } finally {
      await other.close();
      await db.close();
      await testDb.cleanup();
    }
  });
});
