import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner.js';

/**
 * Safe concurrent use of one SQLite file from one process.
 *
 * TypeORM's SQLite driver hands every caller the same query runner on one connection, so a
 * `save()` from one request, which opens its own transaction, becomes a savepoint inside
 * whatever transaction another request has open — and the first request is told "saved"
 * while its row still waits on someone else's COMMIT. A crash in between loses it.
 *
 * Here every caller gets its own runner instead, and:
 * - every write (a transaction, or a single statement outside one) holds one process-wide
 *   write lock on the writing connection, so transactions never interleave;
 * - reads outside a transaction go to a second, read-only connection, which in WAL mode sees
 *   only committed data and does not wait for the writer;
 * - code running inside `transaction(work)` — also through a global repository or the Veramo
 *   agent rather than the manager it was given — joins that transaction (found through
 *   AsyncLocalStorage), instead of waiting for a lock its own transaction holds.
 * A write that cannot get the lock within `lockTimeoutMs` fails with a clear error rather
 * than hanging, so a transaction that waits on work outside itself shows up in the tests.
 */
export interface SqliteAccess {
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface SqliteHandle {
  all(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  run(sql: string, cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
}

interface SqliteModule {
  Database: new (path: string, mode: number, cb: (err: Error | null) => void) => SqliteHandle;
  OPEN_READONLY: number;
}

interface TransactionContext {
  runner: QueryRunner;
  active: boolean;
}

const lockTimeoutMs = 20_000;

class WriteLock {
  private held = false;
  private readonly waiting: Array<{ grant: () => void }> = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new Error(`SQLite write lock not acquired within ${lockTimeoutMs} ms`));
      }, lockTimeoutMs);
      this.waiting.push(entry);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.held = false;
  }
}

function isRead(sql: string): boolean {
  return /^\s*select\b/i.test(sql);
}

export async function enableSqliteAccess(dataSource: DataSource, path: string): Promise<SqliteAccess> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const driver = dataSource.driver as any;
  const writer = driver.databaseConnection as SqliteHandle;
  const sqlite = driver.sqlite as SqliteModule;
  const reader = path === ':memory:' ? writer : await openReader(sqlite, path);
  const lock = new WriteLock();
  const context = new AsyncLocalStorage<TransactionContext>();
  const RunnerClass = driver.createQueryRunner('master').constructor as typeof SqliteQueryRunner;

  /** A runner of its own per caller; see the module comment for where its queries go. */
  class LockingRunner extends RunnerClass {
    private lockHeld = 0;

    override connect(): Promise<unknown> {
      return Promise.resolve(
        this.transactionDepth > 0 || this.isTransactionActive || this.lockHeld > 0 ? writer : reader,
      );
    }

    // The base signature returns `any`; keep it so callers' inferred types do not change.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override async query(sql: string, parameters?: unknown[], structured?: boolean): Promise<any> {
      // A deferred BEGIN reads first and upgrades to a write later; if another connection to the
      // file (a second instance) committed in between, SQLite fails the upgrade at once with
      // SQLITE_BUSY, without waiting (its busy handler cannot help a stale snapshot). IMMEDIATE
      // takes the file's write lock at BEGIN, where busy_timeout does wait.
      if (sql === 'BEGIN TRANSACTION') sql = 'BEGIN IMMEDIATE TRANSACTION';
      if (this.isTransactionActive || (isRead(sql) && reader !== writer)) {
        return super.query(sql, parameters, structured as never);
      }
      await lock.acquire();
      this.lockHeld++;
      try {
        return await super.query(sql, parameters, structured as never);
      } finally {
        this.lockHeld--;
        lock.release();
      }
    }

    override async startTransaction(isolation?: never): Promise<void> {
      if (this.transactionDepth > 0 || this.isTransactionActive) return super.startTransaction(isolation);
      await lock.acquire();
      try {
        await super.startTransaction(isolation);
      } catch (error) {
        lock.release();
        throw error;
      }
    }

    override async commitTransaction(): Promise<void> {
      const outermost = this.transactionDepth <= 1;
      try {
        await super.commitTransaction();
      } catch (error) {
        // A failed COMMIT leaves SQLite's transaction open: roll it back before letting go.
        if (outermost && this.isTransactionActive) await this.forceRollback();
        throw error;
      } finally {
        if (outermost) lock.release();
      }
    }

    override async rollbackTransaction(): Promise<void> {
      const outermost = this.transactionDepth <= 1;
      try {
        await super.rollbackTransaction();
      } finally {
        if (outermost) {
          this.isTransactionActive = false;
          this.transactionDepth = 0;
          lock.release();
        }
      }
    }

    override async release(): Promise<void> {
      // A runner shared by a running transaction is released by that transaction, not by
      // nested `dataSource.transaction()` calls that joined it.
      const ctx = context.getStore();
      if (ctx?.active && ctx.runner === this) return;
      return super.release();
    }

    private async forceRollback(): Promise<void> {
      await new Promise<void>((resolve) => writer.run('ROLLBACK', () => resolve()));
      this.isTransactionActive = false;
      this.transactionDepth = 0;
    }
  }

  driver.createQueryRunner = (): QueryRunner => {
    const ctx = context.getStore();
    if (ctx?.active) return ctx.runner;
    return new LockingRunner(driver);
  };

  const transaction = async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
    const outer = context.getStore();
    if (outer?.active) return dataSource.transaction(work); // nested: a savepoint in the outer one
    const runner = dataSource.createQueryRunner();
    const ctx: TransactionContext = { runner, active: true };
    return context.run(ctx, async () => {
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      } finally {
        ctx.active = false;
        await runner.release();
      }
    });
  };

  return {
    transaction,
    close: async () => {
      if (reader !== writer) await new Promise<void>((resolve) => reader.close(() => resolve()));
    },
  };
}

async function openReader(sqlite: SqliteModule, path: string): Promise<SqliteHandle> {
  const handle = await new Promise<SqliteHandle>((resolve, reject) => {
    const db = new sqlite.Database(path, sqlite.OPEN_READONLY, (err) => (err ? reject(err) : resolve(db)));
  });
  await new Promise<void>((resolve, reject) =>
    handle.run('PRAGMA busy_timeout = 5000', (err) => (err ? reject(err) : resolve())),
  );
  return handle;
}
