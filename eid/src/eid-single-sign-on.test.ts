import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEidClient, swedishScopes, type EidClient } from '@min-profil/shared/oidc-rp/index';
import { loginWithTestEid, TestCookieJar } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startTestEid, type TestEid } from './testing/start-test-eid.js';

// Two holders' authorization servers: two relying parties of the one eID provider.
const holders = ['holder-a', 'holder-b'].map((id) => ({
  client_id: id,
  client_secret: `${id}-secret-for-tests`,
  redirect_uris: [`http://127.0.0.1:9/${id}/eid/callback`],
}));
const scopes = [swedishScopes.naturalPersonNumber];

describe.each(testDatabaseKinds())('test eID single sign-on on %s', (kind) => {
  let eid: TestEid;
  let plain: TestEid;
  const rp = new Map<string, EidClient>();
  const plainRp = new Map<string, EidClient>();

  beforeAll(async () => {
    eid = await startTestEid({ kind, clients: holders, singleSignOnSeconds: 1800 });
    plain = await startTestEid({ kind, clients: holders });
    for (const holder of holders) {
      for (const [provider, map] of [
        [eid, rp],
        [plain, plainRp],
      ] as const) {
        const settings = {
          issuer: provider.issuer,
          clientId: holder.client_id,
          clientSecret: holder.client_secret,
        };
        map.set(holder.client_id, createEidClient({ settings, service: 'test' }));
      }
    }
  });
  afterAll(async () => {
    await eid?.close();
    await plain?.close();
  });

  /** One sign-in in `jar`'s browser; how many times the login form was shown, and who came back. */
  async function signIn(
    clients: Map<string, EidClient>,
    holder: (typeof holders)[number],
    jar: TestCookieJar,
    identityNumber: string,
    extra?: Record<string, string>,
  ) {
    const client = clients.get(holder.client_id)!;
    const redirectUri = holder.redirect_uris[0]!;
    const request = await client.startSignIn({ redirectUri, scopes, ...(extra ? { extra } : {}) });
    let forms = 0;
    const callbackUrl = await loginWithTestEid({
      authorizationUrl: request.url,
      identityNumber,
      jar,
      onLoginPage: () => forms++,
    });
    const result = await client.completeSignIn({ redirectUri, callbackUrl, expected: request });
    return { forms, identityNumber: result.identity.identityNumber };
  }

  it('answers a second holder in the same browser without the login form', async () => {
    const jar = new TestCookieJar();
    const [a, b] = holders as [(typeof holders)[0], (typeof holders)[0]];
    await expect(signIn(rp, a, jar, '191212121212')).resolves.toEqual({
      forms: 1,
      identityNumber: '191212121212',
    });
    // The number typed here is never asked for: the session answers as Tolvan.
    await expect(signIn(rp, b, jar, '197011082232')).resolves.toEqual({
      forms: 0,
      identityNumber: '191212121212',
    });
  });

  it('asks again in another browser', async () => {
    await signIn(rp, holders[0]!, new TestCookieJar(), '191212121212');
    await expect(signIn(rp, holders[1]!, new TestCookieJar(), '197011082232')).resolves.toEqual({
      forms: 1,
      identityNumber: '197011082232',
    });
  });

  it('shows the form again for prompt=login, and lets another person sign in', async () => {
    const jar = new TestCookieJar();
    await signIn(rp, holders[0]!, jar, '191212121212');
    await expect(signIn(rp, holders[1]!, jar, '197011082232', { prompt: 'login' })).resolves.toEqual({
      forms: 1,
      identityNumber: '197011082232',
    });
  });

  it('shows the form again when max_age is shorter than the sign-in is old', async () => {
    const jar = new TestCookieJar();
    await signIn(rp, holders[0]!, jar, '191212121212');
    await expect(signIn(rp, holders[1]!, jar, '191212121212', { max_age: '0' })).resolves.toMatchObject({
      forms: 1,
    });
  });

  it('keeps no single sign-on when configured with none', async () => {
    const jar = new TestCookieJar();
    await signIn(plainRp, holders[0]!, jar, '191212121212');
    await expect(signIn(plainRp, holders[1]!, jar, '197011082232')).resolves.toEqual({
      forms: 1,
      identityNumber: '197011082232',
    });
  });
});
