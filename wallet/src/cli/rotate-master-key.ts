import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataDir } from '@min-profil/shared/config';
import { openDatabase } from '@min-profil/shared/db';
import { readWalletOptions } from '../config.js';
import { rewrapDataKeys } from '../crypto/rewrap-data-keys.js';
import { walletEntities } from '../persistence/entities.js';
import { walletMigrations } from '../persistence/migrations/index.js';

/**
 * `npm run wallet:rotate-master-key`: re-wraps every person's data key under a new master key.
 * The new key comes from WALLET_NEW_MASTER_KEY (64 hex) or is generated. Stop the wallet first;
 * afterwards start it with WALLET_MASTER_KEY set to the new key. When the current key lives in
 * DATA_DIR/wallet-secrets.json (the embedded default), the file is updated too.
 */
async function main(): Promise<number> {
  const options = readWalletOptions();
  const newKeyHex = process.env.WALLET_NEW_MASTER_KEY ?? randomBytes(32).toString('hex');
  if (!/^[0-9a-f]{64}$/i.test(newKeyHex)) {
    process.stderr.write('WALLET_NEW_MASTER_KEY must be 64 hex characters\n');
    return 2;
  }
  const db = await openDatabase({
    url: options.databaseUrl,
    schema: options.schema ?? 'wallet',
    entities: walletEntities,
    migrations: walletMigrations,
  });
  try {
    const { accounts } = await rewrapDataKeys({
      db,
      oldMasterKey: Buffer.from(options.masterKey, 'hex'),
      newMasterKey: Buffer.from(newKeyHex, 'hex'),
    });
    const secretsFile = join(readDataDir(), 'wallet-secrets.json');
    if (!process.env.WALLET_MASTER_KEY && existsSync(secretsFile)) {
      const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
      writeFileSync(secretsFile, JSON.stringify({ ...secrets, masterKey: newKeyHex }, null, 2), {
        mode: 0o600,
      });
      process.stdout.write(`re-wrapped ${accounts} data keys; ${secretsFile} now holds the new master key\n`);
    } else {
      process.stdout.write(
        `re-wrapped ${accounts} data keys; start the wallet with WALLET_MASTER_KEY=${newKeyHex}\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
