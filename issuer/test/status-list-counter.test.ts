import { openDatabase, type Database } from '@min-profil/shared/db';
import {
  createTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from '@min-profil/shared/testing/test-database';
import { issuerEntities } from '../src/persistence/entities.js';
import { issuerMigrations } from '../src/persistence/migrations/index.js';
import { createStatusListStore } from '../src/persistence/status-list-store.js';
import { issuanceTransaction } from '../src/persistence/issuance-transaction.js';

/**
 * Each status list counts its allocated indexes (issue #24), so issuance reads one row instead
 * of counting the current list's entries: the counter must always equal the entries.
 */
const settings = { bits: 2, size: 64 } as const; // retired at 16: the tests fill several lists
const now = Math.floor(Date.now() / 1000);

async function countsPerList(db: Database): Promise<Array<{ allocated: number; entries: number }>> {
  const rows: Array<{ allocated: number | string; entries: number | string }> = await db.dataSource.query(
    `SELECT l.allocated AS allocated, (SELECT COUNT(*) FROM status_entry e WHERE e.list_id = l.id) AS entries
       FROM status_list l ORDER BY l.id`,
  );
  return rows.map((r) => ({ allocated: Number(r.allocated), entries: Number(r.entries) }));
}

const open = (database: TestDatabase, migrations = issuerMigrations) =>
  openDatabase({ url: database.url, schema: database.schema, entities: issuerEntities, migrations });

describe.each(testDatabaseKinds())('status list counters on %s', (kind) => {
  let database: TestDatabase;
  beforeEach(() => {
    database = createTestDatabase(kind, 'status_counter');
  });
  afterEach(async () => {
    await database.cleanup();
  });

  it('fills an old database’s counters from its entries, and issuance carries on from them', async () => {
    const before = issuerMigrations.findIndex((m) => m.name === 'CountAllocatedStatusIndexes1766240000000');
    const old = await openDatabase({
      url: database.url,
      schema: database.schema,
      entities: [],
      migrations: issuerMigrations.slice(0, before),
    });
    const insert = (table: string, values: Record<string, unknown>) =>
      old.dataSource.createQueryBuilder().insert().into(table).values(values).execute();
    for (const holderId of ['af', 'af', 'other'])
      await insert('status_list', { holder_id: holderId, bits: 2, size: 64, version: 0, created_at: now });
    const ids = (
      (await old.dataSource.query('SELECT id FROM status_list ORDER BY id')) as Array<{ id: number }>
    ).map((r) => Number(r.id));
    for (const [list, used] of [
      [ids[0], 16],
      [ids[1], 5],
    ])
      for (let idx = 0; idx < used; idx++)
        await insert('status_entry', { list_id: list, idx: idx * 3, status: 0 });
    await old.close();

    const db = await open(database);
    try {
      expect(await countsPerList(db)).toEqual([
        { allocated: 16, entries: 16 },
        { allocated: 5, entries: 5 },
        { allocated: 0, entries: 0 },
      ]);
      const store = createStatusListStore(db, settings);
      const drawn = [];
      for (let i = 0; i < 12; i++)
        drawn.push(
          ...(await db.transaction((manager) => store.withIndexes('af', 1, manager, now, async (s) => s))),
        );
      // The second list takes 11 more (to a quarter), then a new list starts.
      expect(drawn.filter((d) => d.listId === ids[1])).toHaveLength(11);
      expect((await countsPerList(db)).map((c) => c.allocated)).toEqual([16, 16, 0, 1]);
      expect((await countsPerList(db)).every((c) => c.allocated === c.entries)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('does not count an index whose issuance rolled back', async () => {
    const db = await open(database);
    try {
      const store = createStatusListStore(db, settings);
      await db.transaction((manager) => store.withIndexes('af', 1, manager, now, async (s) => s));
      await expect(
        db.transaction((manager) =>
          store.withIndexes('af', 2, manager, now, async () => {
            throw new Error('signing failed');
          }),
        ),
      ).rejects.toThrow('signing failed');
      expect(await countsPerList(db)).toEqual([{ allocated: 1, entries: 1 }]);
    } finally {
      await db.close();
    }
  });
});

const onPostgres = testDatabaseKinds().includes('postgres') ? describe : describe.skip;

onPostgres('status list counters with two instances on one PostgreSQL schema', () => {
  it('match the entries after concurrent batch issuance, and no index is drawn twice', async () => {
    const database = createTestDatabase('postgres', 'status_counter_two');
    const first = await open(database);
    const second = await open(database);
    try {
      const stores = [createStatusListStore(first, settings), createStatusListStore(second, settings)];
      const dbs = [first, second];
      // 30 issuances of a batch of 3, half on each instance, all at once: 90 indexes, 6 lists' worth.
      const batches = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          // As issuance runs it: a deadlock between two batches' draws is run again.
          issuanceTransaction(dbs[i % 2], (manager) =>
            stores[i % 2].withIndexes('af', 3, manager, now, async (s) => s),
          ),
        ),
      );
      const drawn = batches.flat().map((d) => `${d.listId}/${d.idx}`);
      expect(new Set(drawn).size).toBe(90);
      // Read without a lock, a list's counter may let the batches in flight take it past a quarter.
      const counts = await countsPerList(first);
      expect(counts.every((c) => c.allocated === c.entries)).toBe(true);
      expect(counts.reduce((sum, c) => sum + c.entries, 0)).toBe(90);
    } finally {
      await second.close();
      await first.close();
      await database.cleanup();
    }
  });
});
