import type { Database } from '@min-profil/shared/db';
import { ProviderSecretEntity } from './entities.js';

/**
 * Reads the secret stored under `name`, or stores `create()`'s value when there is none yet.
 * Two instances starting at once both end up with the value that was stored first.
 */
export async function loadOrStoreProviderSecret(
  database: Database,
  name: string,
  create: () => Promise<string>,
): Promise<string> {
  const repository = database.dataSource.getRepository(ProviderSecretEntity);
  const existing = await repository.findOneBy({ name });
  if (existing) return existing.value;
  const value = await create();
  await repository
    .createQueryBuilder()
    .insert()
    .values({ name, value, createdAt: Math.floor(Date.now() / 1000) })
    .orIgnore()
    .execute();
  const stored = await repository.findOneByOrFail({ name });
  return stored.value;
}
