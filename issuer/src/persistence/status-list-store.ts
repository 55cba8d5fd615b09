import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { StatusEntryEntity, StatusListEntity, type StatusListRow } from './entities.js';

/**
 * Status lists and their allocated indexes. Indexes are drawn at random (no correlation by
 * issuance order); a list is retired once a quarter of it is used, so random draws stay cheap
 * and the herd a credential hides in stays large.
 */
export interface StatusListSettings {
  bits: 1 | 2 | 4 | 8;
  size: number;
}

export function createStatusListStore(db: Database, settings: StatusListSettings) {
  const ds = db.dataSource;

  /**
   * The holder's current list with room for `needed` more: the counter is read without a lock,
   * so issuances in flight at once may take a list a few past its quarter (harmless).
   */
  async function currentList(
    holderId: string,
    needed: number,
    manager: EntityManager,
    now: number,
  ): Promise<StatusListRow> {
    const lists = await manager
      .getRepository(StatusListEntity)
      .find({ where: { holderId }, order: { id: 'DESC' }, take: 1 });
    const latest = lists[0];
    if (latest && latest.allocated + needed <= latest.size / 4) return latest;
    const created = await manager
      .getRepository(StatusListEntity)
      .save({ holderId, bits: settings.bits, size: settings.size, version: 0, allocated: 0, createdAt: now });
    return created as StatusListRow;
  }

  /**
   * Inserts the entry unless the index is taken, also by an issuance not yet committed: on
   * PostgreSQL the insert waits for that one (ON CONFLICT DO NOTHING), so two instances never
   * hold one index; SQLite's writes are serialised, so a plain check suffices there.
   */
  async function takeIndex(manager: EntityManager, listId: number, idx: number): Promise<boolean> {
    if (db.kind === 'postgres') {
      const inserted: unknown[] = await manager.query(
        'INSERT INTO status_entry (list_id, idx, status) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING RETURNING idx',
        [listId, idx],
      );
      return inserted.length === 1;
    }
    const entries = manager.getRepository(StatusEntryEntity);
    if (await entries.existsBy({ listId, idx })) return false;
    await entries.insert({ listId, idx, status: 0 });
    return true;
  }

  return {
    /**
     * Reserves `count` fresh random indexes on the holder's current list for `issue` (inside the
     * issuance transaction), then counts them on the list's row: last, so the row's lock is held
     * only until the commit, not while the credentials are signed.
     */
    async withIndexes<T>(
      holderId: string,
      count: number,
      manager: EntityManager,
      now: number,
      issue: (statuses: Array<{ listId: number; idx: number }>) => Promise<T>,
    ): Promise<T> {
      const list = await currentList(holderId, count, manager, now);
      const statuses: Array<{ listId: number; idx: number }> = [];
      for (let attempt = 0; statuses.length < count; attempt++) {
        if (attempt === 50 * count) throw new Error('could not allocate a status list index');
        const idx = randomInt(list.size);
        if (await takeIndex(manager, list.id, idx)) statuses.push({ listId: list.id, idx });
      }
      const result = await issue(statuses);
      await manager.getRepository(StatusListEntity).increment({ id: list.id }, 'allocated', count);
      return result;
    },

    async findList(holderId: string, listId: number): Promise<StatusListRow | null> {
      return ds.getRepository(StatusListEntity).findOneBy({ holderId, id: listId });
    },

    /** Index → status for every entry that is not VALID (0). */
    async loadNonZeroEntries(listId: number): Promise<Array<{ idx: number; status: number }>> {
      const rows = await ds
        .getRepository(StatusEntryEntity)
        .createQueryBuilder('e')
        .select(['e.idx', 'e.status'])
        .where('e.list_id = :listId AND e.status <> 0', { listId })
        .getMany();
      return rows.map((r) => ({ idx: r.idx, status: r.status }));
    },

    async getStatus(listId: number, idx: number): Promise<number | undefined> {
      const row = await ds.getRepository(StatusEntryEntity).findOneBy({ listId, idx });
      return row?.status;
    },

    /** Sets a status and bumps the list's version in one transaction, so caches see the change at once. */
    async setStatus(listId: number, idx: number, status: number): Promise<void> {
      await db.transaction(async (manager) => {
        await manager.getRepository(StatusEntryEntity).update({ listId, idx }, { status });
        await manager.getRepository(StatusListEntity).increment({ id: listId }, 'version', 1);
      });
    },
  };
}

export type StatusListStore = ReturnType<typeof createStatusListStore>;
