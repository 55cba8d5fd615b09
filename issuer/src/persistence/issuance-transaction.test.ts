import { openDatabase } from '@min-profil/shared/db';
import { createTestDatabase, testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { issuanceTransaction } from './issuance-transaction.js';

const onPostgres = testDatabaseKinds().includes('postgres') ? describe : describe.skip;

onPostgres('an issuance transaction on PostgreSQL', () => {
  it('is run again when PostgreSQL aborts it to break a deadlock, and other errors go through', async () => {
    const database = createTestDatabase('postgres', 'issuance_tx');
    const first = await openDatabase({
      url: database.url,
      schema: database.schema,
      entities: [],
      migrations: [],
    });
    const second = await openDatabase({
      url: database.url,
      schema: database.schema,
      entities: [],
      migrations: [],
    });
    try {
      await first.dataSource.query('CREATE TABLE taken (idx int PRIMARY KEY)');
      // Two transactions take 1 and 2 in opposite orders, each waiting for the other's first
      // (only on their first run, so the run again goes straight through).
      let runs = 0;
      let oneTaken!: () => void;
      const firstHolds = new Promise<void>((resolve) => (oneTaken = resolve));
      let twoTaken!: () => void;
      const secondHolds = new Promise<void>((resolve) => (twoTaken = resolve));
      const a = issuanceTransaction(first, async (manager) => {
        runs++;
        await manager.query('INSERT INTO taken (idx) VALUES (1) ON CONFLICT DO NOTHING');
        oneTaken();
        await secondHolds;
        await manager.query('INSERT INTO taken (idx) VALUES (2) ON CONFLICT DO NOTHING');
      });
      const b = issuanceTransaction(second, async (manager) => {
        runs++;
        await firstHolds;
        await manager.query('INSERT INTO taken (idx) VALUES (2) ON CONFLICT DO NOTHING');
        twoTaken();
        await manager.query('INSERT INTO taken (idx) VALUES (1) ON CONFLICT DO NOTHING');
      });
      await expect(Promise.all([a, b])).resolves.toBeDefined();
      expect(runs).toBe(3);
      expect(await first.dataSource.query('SELECT idx FROM taken ORDER BY idx')).toEqual([
        { idx: 1 },
        { idx: 2 },
      ]);

      // Anything else is the caller's, at once.
      let tries = 0;
      await expect(
        issuanceTransaction(first, async (manager) => {
          tries++;
          await manager.query('INSERT INTO no_such_table (idx) VALUES (1)');
        }),
      ).rejects.toThrow(/no_such_table/);
      expect(tries).toBe(1);
    } finally {
      await second.close();
      await first.close();
      await database.cleanup();
    }
  });
});
