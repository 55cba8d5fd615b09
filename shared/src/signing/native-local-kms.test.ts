import { createPublicKey, randomBytes } from 'node:crypto';
import { KeyManagementSystem, SecretBox } from '@veramo/kms-local';
import { PrivateKeyStore } from '@veramo/data-store';
import { CompactSign, compactVerify } from 'jose';
import { openDatabase } from '../db.js';
import { createKeyAgent, loadSigningKey } from '../kms.js';
import { createTestDatabase } from '../testing/test-database.js';
import {
  compressedP256PublicKeyHex,
  NativeP256KeyManagementSystem,
  newP256PrivateKeyHex,
} from './native-local-kms.js';

describe('P-256 keys through node:crypto in the local KMS', () => {
  it('names and describes a key exactly as Veramo’s own local KMS does', async () => {
    const testDb = createTestDatabase('sqlite', 'native-kms');
    const db = await openDatabase({ url: testDb.url, schema: testDb.schema, entities: [], migrations: [] });
    try {
      const store = new PrivateKeyStore(db.dataSource, new SecretBox(randomBytes(32).toString('hex')));
      const veramo = new KeyManagementSystem(store);
      const native = new NativeP256KeyManagementSystem(store);
      // Keys with leading zero bytes are where hex and padding go wrong; make sure some are there.
      const keys = [
        ...Array.from({ length: 40 }, () => newP256PrivateKeyHex()),
        `00${newP256PrivateKeyHex().slice(2)}`,
        `0000${newP256PrivateKeyHex().slice(4)}`,
      ];
      for (const [i, privateKeyHex] of keys.entries()) {
        expect(privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
        const theirs = await veramo.importKey({ type: 'Secp256r1', kid: `veramo-${i}`, privateKeyHex });
        const ours = await native.importKey({ type: 'Secp256r1', kid: `native-${i}`, privateKeyHex });
        // `kms` is set by the key manager either way; ours names it, Veramo's leaves it out.
        expect({ ...ours, kid: undefined, kms: undefined }).toEqual({
          ...theirs,
          kid: undefined,
          kms: undefined,
        });
      }
      // Without a kid the key is named by its compressed public key, as Veramo names it.
      const privateKeyHex = newP256PrivateKeyHex();
      const unnamed = await native.importKey({ type: 'Secp256r1', privateKeyHex });
      expect(unnamed.kid).toBe(compressedP256PublicKeyHex(privateKeyHex));
      expect(unnamed.kid).toMatch(/^0[23][0-9a-f]{64}$/);
      // The private key is kept as the parent keeps it: readable by either.
      await expect(store.getKey({ alias: unnamed.kid })).resolves.toMatchObject({ privateKeyHex });
      // Other key types are the parent's.
      const ed = await native.createKey({ type: 'Ed25519' });
      expect(ed.type).toBe('Ed25519');
    } finally {
      await db.close();
      await testDb.cleanup();
    }
  });

  it('creates keys through the agent that sign, verify and load again', async () => {
    const testDb = createTestDatabase('sqlite', 'native-kms-agent');
    const db = await openDatabase({ url: testDb.url, schema: testDb.schema, entities: [], migrations: [] });
    try {
      const handle = createKeyAgent({
        dataSource: db.dataSource,
        secretBoxKey: randomBytes(32).toString('hex'),
      });
      const created = await handle.agent.keyManagerCreate({ type: 'Secp256r1', kms: 'local' });
      const key = await loadSigningKey(handle, created.kid);
      const publicJwkFromKid = createPublicKey({
        key: Buffer.concat([
          // SPKI header of a P-256 key with a compressed point.
          Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
          Buffer.from(created.publicKeyHex, 'hex'),
        ]),
        format: 'der',
        type: 'spki',
      }).export({ format: 'jwk' });
      expect(publicJwkFromKid).toMatchObject({ x: key.publicJwk.x, y: key.publicJwk.y });
      const jws = await new CompactSign(new TextEncoder().encode('hej'))
        .setProtectedHeader({ alg: 'ES256' })
        .sign(key.privateKey);
      await expect(compactVerify(jws, key.publicKey)).resolves.toBeDefined();
      // Veramo's own signing still works on a key made this way.
      const signature = await handle.agent.keyManagerSign({
        keyRef: created.kid,
        data: 'hej',
        algorithm: 'ES256',
      });
      expect(typeof signature).toBe('string');
    } finally {
      await db.close();
      await testDb.cleanup();
    }
  });

  it('refuses a private key that is not one', () => {
    expect(() => compressedP256PublicKeyHex('zz')).toThrow();
    expect(() => compressedP256PublicKeyHex('0'.repeat(64))).toThrow();
    expect(() => compressedP256PublicKeyHex('f'.repeat(64))).toThrow();
  });
});
