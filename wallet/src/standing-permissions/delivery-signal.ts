import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Wakes the delivery worker when rows were enqueued, but only once they are committed: a worker
 * on another connection would not see them earlier (PostgreSQL) or would wait for the writer's
 * lock (SQLite). Keyed by DataSource, so two wallets in one process (tests) stay apart.
 */
const listeners = new WeakMap<DataSource, Set<() => void>>();
const awaitingCommit = new WeakSet<QueryRunner>();

function notify(dataSource: DataSource): void {
  for (const listener of listeners.get(dataSource) ?? []) listener();
}

/** Calls `listener` after each commit that enqueued deliveries; returns the unsubscribe. */
export function onDeliveriesEnqueued(dataSource: DataSource, listener: () => void): () => void {
  let set = listeners.get(dataSource);
  if (!set) {
    set = new Set();
    listeners.set(dataSource, set);
    dataSource.subscribers.push({
      afterTransactionCommit: (event) => {
        const runner = event.queryRunner;
        if (runner.isTransactionActive || !awaitingCommit.has(runner)) return;
        awaitingCommit.delete(runner);
        notify(dataSource);
      },
    });
  }
  set.add(listener);
  return () => set.delete(listener);
}

export function signalDeliveriesEnqueued(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) awaitingCommit.add(runner);
  else notify(manager.connection);
}
