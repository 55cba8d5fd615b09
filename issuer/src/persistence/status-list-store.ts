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

  async function currentList(holderId: string, manager: EntityManager, now: number): Promise<StatusListRow> {
    const lists = await manager
      .getRepository(StatusListEntity)
      .find({ where: { holderId }, order: { id: 'DESC' }, take: 1 });
    const latest = lists[0];
    if (latest) {
      const used = await manager.getRepository(StatusEntryEntity).countBy({ listId: latest.id });
      if (used < latest.size / 4) return latest;
    }
    const created = await manager
      .getRepository(StatusListEntity)
      .save({ holderId, bits: settings.bits, size: settings.size, version: 0, createdAt: now });
    return created as StatusListRow;
  }

  return {
    /** Reserves a fresh random index on the holder's current list (inside the issuance transaction). */
    async allocateIndex(
      holderId: string,
      manager: EntityManager,
      now: number,
    ): Promise<{ listId: number; idx: number }> {
      const list = await currentList(holderId, manager, now);
      const entries = manager.getRepository(StatusEntryEntity);
      for (let attempt = 0; attempt < 50; attempt++) {
        const idx = randomInt(list.size);
        const taken = await entries.existsBy({ listId: list.id, idx });
        if (!taken) {
          await entries.insert({ listId: list.id, idx, status: 0 });
          return { listId: list.id, idx };
        }
      }
      throw new Error('could not allocate a status list index');
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
