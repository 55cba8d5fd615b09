import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { EntitySchema, Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { openDatabase, type Database } from './db.js';
import { varchar, varcharKey } from './db-columns.js';

interface Note {
  id: string;
  body: string;
}
const NoteEntity = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'note',
  columns: { id: { type: 'varchar', primary: true }, body: { type: 'varchar' } },
});
class CreateNote1700000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'note', columns: [varcharKey('id'), varchar('body')] }));
  }
  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('note');
  }
}

/** Reads the file through a connection of its own: what a restarted process would find. */
function committedIds(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all('SELECT id FROM note ORDER BY id', (e, rows: Array<{ id: string }>) => {
        db.close(() => undefined);
        return e ? reject(e) : resolve(rows.map((r) => r.id));
      });
    });
  });
}

function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('SQLite access from concurrent requests', () => {
  let dir: string;
  let path: string;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'min-profil-sqlite-access-'));
    path = join(dir, 'notes.sqlite');
    db = await openDatabase({
      url: path,
      schema: 'notes',
      entities: [NoteEntity],
      migrations: [CreateNote1700000000000],
    });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a save on disk before it resolves, even while another transaction is open and later rolls back', async () => {
    const repo = db.dataSource.getRepository(NoteEntity);
    const inTransaction = gate();
    const finishTransaction = gate();
    const rolledBack = db
      .transaction(async (manager) => {
        await manager.save(NoteEntity, { id: 'a', body: 'uncommitted' });
        inTransaction.open();
        await finishTransaction.opened;
        throw new Error('abort');
      })
      .catch((e: Error) => e.message);
    await inTransaction.opened;

    const saved = repo.save({ id: 'b', body: 'acknowledged' }).then(() => committedIds(path));
    // Let the save try to run while the transaction is open, then end the transaction.
    await new Promise((r) => setTimeout(r, 50));
    finishTransaction.open();

    expect(await rolledBack).toBe('abort');
    expect(await saved).toEqual(['b']);
    expect(await committedIds(path)).toEqual(['b']);
  });

  it('reads outside a transaction see committed data only and do not wait for the writer', async () => {
    const repo = db.dataSource.getRepository(NoteEntity);
    await repo.save({ id: 'before', body: 'x' });
    const inTransaction = gate();
    const finishTransaction = gate();
    const done = db.transaction(async (manager) => {
      await manager.save(NoteEntity, { id: 'during', body: 'y' });
      inTransaction.open();
      await finishTransaction.opened;
    });
    await inTransaction.opened;
    const seen = (await repo.find()).map((n) => n.id);
    finishTransaction.open();
    await done;
    expect(seen).toEqual(['before']);
    expect((await repo.find({ order: { id: 'ASC' } })).map((n) => n.id)).toEqual(['before', 'during']);
  });

  it('lets code inside a transaction use a global repository: it joins the transaction instead of waiting for it', async () => {
    const repo = db.dataSource.getRepository(NoteEntity);
    const outcome = await db
      .transaction(async (manager) => {
        await manager.save(NoteEntity, { id: 'via-manager', body: 'm' });
        await repo.save({ id: 'via-global', body: 'g' });
        expect(await repo.count()).toBe(2);
        throw new Error('abort');
      })
      .catch((e: Error) => e.message);
    expect(outcome).toBe('abort');
    expect(await committedIds(path)).toEqual([]);
  });

  it('runs a nested transaction as a savepoint of the outer one', async () => {
    await db.transaction(async (manager) => {
      await manager.save(NoteEntity, { id: 'outer', body: 'o' });
      await db
        .transaction(async (inner) => {
          await inner.save(NoteEntity, { id: 'inner', body: 'i' });
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    expect(await committedIds(path)).toEqual(['outer']);
  });

  it('keeps every one of many concurrent saves and transactions', async () => {
    const repo = db.dataSource.getRepository(NoteEntity);
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      const id = String(i).padStart(2, '0');
      if (i % 3 === 0) work.push(repo.save({ id, body: 'save' }));
      else if (i % 3 === 1) work.push(repo.insert({ id, body: 'insert' }));
      else
        work.push(
          db.transaction(async (manager) => {
            await manager.save(NoteEntity, { id, body: 'tx' });
            await new Promise((r) => setTimeout(r, 1));
          }),
        );
    }
    await Promise.all(work);
    expect((await committedIds(path)).length).toBe(40);
  });

  it('a transaction that reads before it writes waits for a second instance on the same file instead of failing with SQLITE_BUSY', async () => {
    const second = await openDatabase({
      url: path,
      schema: 'notes',
      entities: [NoteEntity],
      migrations: [CreateNote1700000000000],
    });
    try {
      const read = gate();
      const written = gate();
      // First instance: reads, then (after the second instance has written) writes.
      const first = db.transaction(async (manager) => {
        await manager.find(NoteEntity);
        read.open();
        await written.opened;
        await manager.save(NoteEntity, { id: 'first', body: 'after a read' });
      });
      await read.opened;
      // Second instance: its write waits until the first commits, then goes through.
      const other = second.dataSource.getRepository(NoteEntity).insert({ id: 'second', body: 'b' });
      written.open();
      await Promise.all([first, other]);
      expect(await committedIds(path)).toEqual(['first', 'second']);
    } finally {
      await second.close();
    }
  });
});
