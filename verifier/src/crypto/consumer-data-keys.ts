import { randomBytes } from 'node:crypto';
import type { Database } from '@min-profil/shared/db';
import { DataKeyEntity } from '../persistence/data-key-entities.js';
import { open, seal } from './data-sealer.js';

const aad = (consumerId: string) => `data-key:${consumerId}`;

/**
 * Every consumer's data key, unwrapped with the master key: those stored (also of consumers no
 * longer hosted, so their rows still open) and a new one for each hosted consumer without one.
 * Two instances starting together both try to insert; the key that was stored first wins
 * (INSERT … ON CONFLICT DO NOTHING, then read back), so both use the same one.
 */
export async function loadConsumerDataKeys(
  db: Database,
  masterKey: Buffer,
  consumerIds: readonly string[],
  now: number,
): Promise<Map<string, Buffer>> {
  if (masterKey.length !== 32) throw new Error('the master data key must be 32 bytes');
  const repo = db.dataSource.getRepository(DataKeyEntity);
  const stored = new Set((await repo.find()).map((row) => row.consumerId));
  for (const consumerId of consumerIds.filter((id) => !stored.has(id))) {
    await repo
      .createQueryBuilder()
      .insert()
      .values({ consumerId, wrappedKey: seal(masterKey, aad(consumerId), randomBytes(32)), createdAt: now })
      .orIgnore()
      .execute();
  }
  const keys = new Map<string, Buffer>();
  for (const row of await repo.find()) {
    keys.set(row.consumerId, open(masterKey, aad(row.consumerId), row.wrappedKey));
  }
  return keys;
}
