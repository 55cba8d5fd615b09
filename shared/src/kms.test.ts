import { randomBytes } from 'node:crypto';
import { CompactSign, compactVerify } from 'jose';
import { openDatabase } from './db.js';
import { createKeyAgent, loadSigningKey } from './kms.js';
import { createTestDatabase, testDatabaseKinds } from './testing/test-database.js';

describe.each(testDatabaseKinds())('key agent on %s', (kind) => {
  it('keeps a P-256 key encrypted in the database and signs with it through node:crypto', async () => {
    const testDb = createTestDatabase(kind, 'kms');
    const db = await openDatabase({ url: testDb.url, schema: testDb.schema, entities: [], migrations: [] });
    try {
      const handle = createKeyAgent({
        dataSource: db.dataSource,
        secretBoxKey: randomBytes(32).toString('hex'),
      });
      const identifier = await handle.agent.didManagerGetOrCreate({
        alias: 'test-holder',
        provider: 'did:jwk',
        kms: 'local',
        options: { keyType: 'Secp256r1' },
      });
      const again = await handle.agent.didManagerGetOrCreate({ alias: 'test-holder', provider: 'did:jwk' });
      expect(again.did).toBe(identifier.did);

      const key = await loadSigningKey(handle, identifier.keys[0].kid);
      const jws = await new CompactSign(new TextEncoder().encode('hello'))
        .setProtectedHeader({ alg: 'ES256' })
        .sign(key.privateKey);
      const { payload } = await compactVerify(jws, key.publicKey);
      expect(new TextDecoder().decode(payload)).toBe('hello');

      // The private key is stored encrypted: its hex form never appears in the table.
      const rows: Array<{ privateKeyHex: string }> = await db.dataSource.query('SELECT * FROM "private-key"');
      const { privateKeyHex } = await handle.privateKeys.getKey({ alias: key.kmsKid });
      expect(rows).toHaveLength(1);
      expect(rows[0].privateKeyHex).not.toContain(privateKeyHex);

      const resolved = await handle.agent.resolveDid({ didUrl: identifier.did });
      expect(resolved.didDocument?.id).toBe(identifier.did);
    } finally {
      await db.close();
      await testDb.cleanup();
    }
  });
});
