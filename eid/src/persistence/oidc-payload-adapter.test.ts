import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errors } from 'oidc-provider';
import { openDatabase, type Database } from '@min-profil/shared/db';
import {
  createTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from '@min-profil/shared/testing/test-database';
import { loadOrCreateCookieKeys, loadOrCreateSigningKeys } from '../keys.js';
import {
  createOidcPayloadAdapterFactory,
  eidEntities,
  eidMigrations,
  removeExpiredOidcPayloads,
} from './index.js';

describe.each(testDatabaseKinds())('eID provider storage on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDatabase = createTestDatabase(kind, 'eid_storage');
    database = await openDatabase({
      url: testDatabase.url,
      schema: testDatabase.schema,
      entities: eidEntities,
      migrations: eidMigrations,
    });
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.cleanup();
  });

  it('stores, finds and destroys a payload per model', async () => {
    const adapter = createOidcPayloadAdapterFactory(database);
    await adapter('Interaction').upsert('abc', { jti: 'abc', kind: 'Interaction' }, 60);
    expect(await adapter('Interaction').find('abc')).toEqual({ jti: 'abc', kind: 'Interaction' });
    expect(await adapter('Session').find('abc')).toBeUndefined();
    await adapter('Interaction').destroy('abc');
    expect(await adapter('Interaction').find('abc')).toBeUndefined();
  });

  it('finds a session by uid and never returns an expired payload', async () => {
    const sessions = createOidcPayloadAdapterFactory(database)('Session');
    await sessions.upsert('s1', { jti: 's1', uid: 'u1', accountId: 'a' }, 60);
    expect(await sessions.findByUid('u1')).toMatchObject({ jti: 's1', accountId: 'a' });
    await sessions.upsert('s2', { jti: 's2', uid: 'u2' }, 0);
    expect(await sessions.findByUid('u2')).toBeUndefined();
    expect(await removeExpiredOidcPayloads(database)).toBeGreaterThanOrEqual(1);
  });

  it('lets only one of two concurrent consumers use an authorization code', async () => {
    const codes = createOidcPayloadAdapterFactory(database)('AuthorizationCode');
    await codes.upsert('code1', { jti: 'code1', grantId: 'g1' }, 60);
    const results = await Promise.allSettled([codes.consume('code1'), codes.consume('code1')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(errors.InvalidGrant);
    // The code used twice is revoked with its grant.
    expect(await codes.find('code1')).toBeUndefined();
  });

  it('marks a consumed payload and revokes by grant id', async () => {
    const tokens = createOidcPayloadAdapterFactory(database)('RefreshToken');
    await tokens.upsert('t1', { jti: 't1', grantId: 'g2' }, 60);
    await tokens.consume('t1');
    expect((await tokens.find('t1'))?.consumed).toEqual(expect.any(Number));
    await tokens.revokeByGrantId('g2');
    expect(await tokens.find('t1')).toBeUndefined();
  });

  it('generates the signing and cookie keys once and keeps them', async () => {
    const [first, second] = await Promise.all([
      loadOrCreateSigningKeys(database),
      loadOrCreateSigningKeys(database),
    ]);
    expect(first).toEqual(second);
    expect(first.keys.map((k) => [k.kty, k.alg, k.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
    ]);
    expect(first.keys.every((k) => typeof k.d === 'string' && typeof k.kid === 'string')).toBe(true);
    expect(await loadOrCreateSigningKeys(database)).toEqual(first);
    expect(await loadOrCreateCookieKeys(database)).toEqual(await loadOrCreateCookieKeys(database));
  });
});
