import type { Database } from '@min-profil/shared/db';
import { AccountEntity } from '../persistence/entities.js';
import { createDataKeys } from './data-keys.js';

/**
 * Master-key rotation: every person's data key is unwrapped with the old master key and
 * wrapped again with the new one, in one transaction. The credentials and documents sealed
 * with the data keys are not touched, so rotation costs one row per person, not per credential.
 * If any data key does not open with the old key, nothing changes.
 */
export async function rewrapDataKeys(options: {
  db: Database;
  oldMasterKey: Buffer;
  newMasterKey: Buffer;
}): Promise<{ accounts: number }> {
  const oldKeys = createDataKeys(options.oldMasterKey);
  const newKeys = createDataKeys(options.newMasterKey);
  return options.db.transaction(async (manager) => {
    const repository = manager.getRepository(AccountEntity);
    const accounts = await repository.find();
    for (const account of accounts) {
      const dataKey = oldKeys.unwrapDataKey(account.id, account.wrappedDataKey);
      await repository.update(
        { id: account.id },
        { wrappedDataKey: newKeys.wrapDataKey(account.id, dataKey) },
      );
    }
    return { accounts: accounts.length };
  });
}
