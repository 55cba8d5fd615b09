import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testDatabaseKinds, testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { postgresClientTools } from './system/postgres-client-tools.js';
import { noteUnavailable } from './system/unavailable.js';
import { buildWalletApp } from '../wallet/src/app.js';
import { createWalletContext } from '../wallet/src/create-wallet-context.js';
import { rewrapDataKeys } from '../wallet/src/crypto/rewrap-data-keys.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const run = promisify(execFile);

// The PostgreSQL half restores with pg_dump and psql, as an operator would; where they are absent
// (or older than the server) the run's summary says so instead of skipping silently.
const pgTools = testDatabaseKinds().includes('postgres')
  ? await postgresClientTools(testPostgresUrl)
  : ({ ok: true } as const);
function restoreTest(kind: string) {
  if (kind === 'postgres' && !pgTools.ok) {
    noteUnavailable('wallet backup and restore on postgres', pgTools.why);
    return it.skip;
  }
  return it;
}

/**
 * Keys and data at rest: the wallet's master key is rotated by re-wrapping the
 * per-person data keys (no credential is re-encrypted), and a backup taken with the database's
 * own tools restores into a wiped database with every credential opening again.
 */
describe.each(testDatabaseKinds())('wallet master key rotation and backup/restore on %s', (kind) => {
  let world: WalletWorld;
  let person: WalletSession;
  let credentialId: string;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    person = await tokenSession(world.wallet.baseUrl, '191212121212');
    const offer = await world.offer('af', '191212121212', ['registration_certificate']);
    const received = await api(world.wallet.baseUrl, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    await api(world.wallet.baseUrl, person, 'POST', `/api/credential-offers/${received.body.id}/accept`, {});
    credentialId = received.body.credentials[0].id;
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  /** A second wallet process on the same database, with the given master key. */
  async function walletOn(masterKey: string): Promise<{ url: string; close(): Promise<void> }> {
    const ctx = await createWalletContext({
      baseUrl: world.wallet.baseUrl,
      databaseUrl: world.wallet.database.url,
      schema: world.wallet.database.schema,
      kmsSecretKey: world.wallet.kmsKey,
      masterKey,
      trustList: world.wallet.ctx.trustList,
      allowInsecureUrls: true,
    });
    const server: Server = createServer(buildWalletApp(ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await ctx.close();
      },
    };
  }

  it('rotates the master key: the new key opens every credential, the old one none', async () => {
    const newKey = randomBytes(32).toString('hex');
    const { accounts } = await rewrapDataKeys({
      db: world.wallet.ctx.db,
      oldMasterKey: Buffer.from(world.wallet.masterKey, 'hex'),
      newMasterKey: Buffer.from(newKey, 'hex'),
    });
    expect(accounts).toBeGreaterThanOrEqual(1);
    const rotated = await walletOn(newKey);
    try {
      const detail = await api(rotated.url, person, 'GET', `/api/credentials/${credentialId}`);
      expect(detail.status).toBe(200);
      expect(detail.body.claims.find((c: any) => c.name === 'given_name').value).toBe('Tolvan');
    } finally {
      await rotated.close();
    }
    const stale = await api(world.wallet.baseUrl, person, 'GET', `/api/credentials/${credentialId}`);
    expect(stale.status).not.toBe(200);
    // Rotate back so the running wallet keeps working for the backup test.
    await rewrapDataKeys({
      db: world.wallet.ctx.db,
      oldMasterKey: Buffer.from(newKey, 'hex'),
      newMasterKey: Buffer.from(world.wallet.masterKey, 'hex'),
    });
  });

  restoreTest(kind)('restores a backup into a wiped database and every credential opens again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'min-profil-backup-'));
    const { url, schema } = world.wallet.database;
    try {
      if (kind === 'sqlite') {
        // SQLite: an online, consistent copy with VACUUM INTO, then the file is wiped and put back.
        const backup = join(dir, 'wallet-backup.sqlite');
        await world.wallet.ctx.db.dataSource.query(`VACUUM INTO '${backup}'`);
        await world.wallet.ctx.db.dataSource.query('DELETE FROM wallet_credential');
        expect((await api(world.wallet.baseUrl, person, 'GET', '/api/credentials')).body.credentials).toEqual(
          [],
        );
        await world.wallet.ctx.close();
        for (const suffix of ['', '-wal', '-shm']) {
          try {
            unlinkSync(`${url}${suffix}`);
          } catch {
            // not every file exists
          }
        }
        copyFileSync(backup, url);
      } else {
        // PostgreSQL: pg_dump of the wallet's schema, DROP SCHEMA, and psql to restore.
        const dump = join(dir, 'wallet.sql');
        await run('pg_dump', ['--dbname', testPostgresUrl, '--schema', schema, '--file', dump]);
        await world.wallet.ctx.close();
        await run('psql', ['--dbname', testPostgresUrl, '-c', `DROP SCHEMA "${schema}" CASCADE`]);
        await run('psql', ['--dbname', testPostgresUrl, '--set', 'ON_ERROR_STOP=1', '--file', dump]);
      }
      const restored = await walletOn(world.wallet.masterKey);
      try {
        const detail = await api(restored.url, person, 'GET', `/api/credentials/${credentialId}`);
        expect(detail.status).toBe(200);
        expect(detail.body.status).toBe('valid');
        expect(detail.body.claims.find((c: any) => c.name === 'family_name').value).toBe('Tolvansson');
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
