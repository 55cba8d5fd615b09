import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { demoPeople } from '@min-profil/shared/demo-people';
import { createEidClient, swedishScopes } from '@min-profil/shared/oidc-rp/index';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import {
  createTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from '@min-profil/shared/testing/test-database';
import { startTestEid, type TestEid } from './testing/start-test-eid.js';

const issuerClient = {
  client_id: 'issuer',
  client_secret: 'issuer-secret-for-tests',
  redirect_uris: ['http://127.0.0.1:9/eid/callback'],
};
const walletClient = {
  client_id: 'wallet',
  token_endpoint_auth_method: 'none',
  redirect_uris: ['http://127.0.0.1:9/login/callback'],
};
const tolvan = '191212121212';

/** Every unkeyed SHA-256 an attacker would try first: of each demo number, bare or with the old prefix. */
const guessableHashes = new Set(
  demoPeople.flatMap((person) =>
    [person.identityNumber, `min-profil-test-eid:${person.identityNumber}`].flatMap((input) => {
      const digest = createHash('sha256').update(input).digest();
      return [digest.toString('base64url'), digest.toString('hex'), digest.toString('base64')];
    }),
  ),
);

describe.each(testDatabaseKinds())('the test eID subject on %s', (kind) => {
  let database: TestDatabase;
  let eid: TestEid;

  beforeAll(async () => {
    database = createTestDatabase(kind, 'eid');
    eid = await startTestEid({ kind, clients: [issuerClient, walletClient], database });
  });
  afterAll(async () => {
    await eid?.close();
    await database?.cleanup();
  });

  async function subjectFor(
    identityNumber: string,
    client: { client_id: string; client_secret?: string; redirect_uris: string[] },
  ): Promise<string> {
    const rp = createEidClient({
      settings: { issuer: eid.issuer, clientId: client.client_id, clientSecret: client.client_secret },
      service: 'test',
    });
    const redirectUri = client.redirect_uris[0]!;
    const request = await rp.startSignIn({ redirectUri, scopes: [swedishScopes.naturalPersonNumber] });
    const callbackUrl = await loginWithTestEid({ authorizationUrl: request.url, identityNumber });
    const result = await rp.completeSignIn({ redirectUri, callbackUrl, expected: request });
    return String(result.claims.sub);
  }

  it('is not a hash of the personal identity number, and differs per client (OIDC Core §8.1)', async () => {
    const forIssuer = await subjectFor(tolvan, issuerClient);
    const forWallet = await subjectFor(tolvan, walletClient);
    expect(guessableHashes.has(forIssuer)).toBe(false);
    expect(guessableHashes.has(forWallet)).toBe(false);
    expect(forIssuer).not.toBe(forWallet);
    expect(forIssuer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Another person gets another subject at the same client.
    expect(await subjectFor('200503152381', issuerClient)).not.toBe(forIssuer);
  });

  it('is stable across sign-ins and across a restart of the provider', async () => {
    const first = await subjectFor(tolvan, issuerClient);
    expect(await subjectFor(tolvan, issuerClient)).toBe(first);
    const walletFirst = await subjectFor(tolvan, walletClient);

    await eid.close();
    eid = await startTestEid({ kind, clients: [issuerClient, walletClient], database });
    expect(await subjectFor(tolvan, issuerClient)).toBe(first);
    expect(await subjectFor(tolvan, walletClient)).toBe(walletFirst);
  });
});
