import type { Browser, BrowserContext, Page } from 'playwright-core';
import { compactVerify, importJWK } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { hashSecret } from '@min-profil/shared/secrets';
import { purgeExpired } from '@min-profil/wallet/housekeeping';
import { PasskeyEntity, WebAuthnChallengeEntity } from '@min-profil/wallet/persistence/passkey-entities';
import { api } from '../wallet/test/wallet-api.js';
import { openDirectSession } from '../wallet/test/direct-session.js';
import { startWallet, type RunningWallet } from '../wallet/test/start-wallet.js';
import { expectAccessible, launchChromium, shoot } from './system/browser.js';
import { addVirtualAuthenticator, bundlePasskeyCode, openPasskeyPage } from './system/passkey-page.js';

/**
 * Passkey-protected holder keys (issue 25, docs/passkeys.md) with the page's real code in
 * Chromium and its virtual authenticator (PRF): registration, unlock, keys made and opened only
 * in the page, and the bad input the issue names.
 */
describe.each(testDatabaseKinds())('passkeys in the browser on %s', (kind) => {
  let wallet: RunningWallet;
  let browser: Browser;
  let code: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    wallet = await startWallet(kind, {
      trustList: { get: async () => Promise.reject(new Error('no trust list in this test')) },
      publicHost: 'localhost',
    });
    code = await bundlePasskeyCode();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await wallet?.stop();
  });

  /** A signed-in page on the wallet's origin with its own virtual authenticator. */
  async function personPage(identityNumber: string, hasPrf = true) {
    const { session, context, page, authenticator } = await openPasskeyPage(browser, wallet, identityNumber, {
      path: '/health',
      hasPrf,
    });
    contexts.push(context);
    await page.addScriptTag({ content: code });
    await page.evaluate((csrf) => (globalThis as any).passkeys.setCsrfToken(csrf), session.csrf);
    return { page, session, authenticator };
  }

  /** Registers a passkey in the page, stores one holder key made there, and signs with it. */
  async function registerWithKey(page: Page) {
    return page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      await p.registerPasskey('Min telefon');
      const first = await p.unlock();
      const key = await p.createHolderKey(first.accountKey);
      const stored = await fetch('/api/holder-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': (globalThis as any).csrf },
        body: JSON.stringify({ keys: [key] }),
      });
      return { status: stored.status, body: (await stored.json()) as any, wrapped: key as any };
    });
  }

  it('registers a passkey, keeps only wrapped keys at the server, and unlocks them to sign in the page', async () => {
    const { page, session } = await personPage('191212121212');
    await page.evaluate((csrf) => ((globalThis as any).csrf = csrf), session.csrf);
    const before = await api(wallet.baseUrl, session, 'GET', '/api/passkeys');
    expect(before.body).toEqual({ key_protection: 'service', passkeys: [] });

    const made = await registerWithKey(page);
    expect(made.status).toBe(201);
    const keyId = made.body.keys[0].id as string;

    const after = await api(wallet.baseUrl, session, 'GET', '/api/passkeys');
    expect(after.body.key_protection).toBe('passkey');
    expect(after.body.passkeys).toEqual([expect.objectContaining({ name: 'Min telefon', ready: true })]);

    // What the server keeps: a public key and a blob, no private key material.
    const rows = await wallet.ctx.store.listWrappedKeys(session.accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.publicJwk).toEqual(made.wrapped.public_jwk);
    expect(JSON.stringify(rows[0])).not.toContain('"d"');

    // A new unlock opens the key (non-extractable) and it signs a JWS the public key verifies.
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'kb+jwt' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ nonce: 'n-1', aud: 'x509_san_dns:insurer.example' }),
    ).toString('base64url');
    const signed = await page.evaluate(
      async ({ input, keyId }) => {
        const p = (globalThis as any).passkeys;
        const { keys } = await p.unlock();
        const key = keys.find((k: any) => k.id === keyId);
        return {
          extractable: key.key.extractable,
          signature: await p.signJws(key.key, input),
        };
      },
      { input: `${header}.${payload}`, keyId },
    );
    expect(signed.extractable).toBe(false);
    const verified = await compactVerify(
      `${header}.${payload}.${signed.signature}`,
      await importJWK(made.wrapped.public_jwk, 'ES256'),
    );
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({
      nonce: 'n-1',
      aud: 'x509_san_dns:insurer.example',
    });

    // Kept in IndexedDB within the idle time, forgotten after it.
    const kept = await page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      const { keys } = await p.unlock();
      await p.keepUnlocked(keys, 1_000);
      const within = await p.unlockedKeys(60_000, 30_000);
      const extractable = within?.[0]?.key.extractable;
      const afterIdle = await p.unlockedKeys(60_000, 200_000);
      return { within: within?.length, extractable, afterIdle };
    });
    expect(kept).toEqual({ within: 1, extractable: false, afterIdle: null });

    // The last passkey protects keys: removing it is refused.
    const removed = await api(
      wallet.baseUrl,
      session,
      'DELETE',
      `/api/passkeys/${after.body.passkeys[0].id}`,
    );
    expect(removed.status).toBe(409);
    expect(removed.body.error).toBe('invalid_request');
    expect(await wallet.ctx.store.listPasskeys(session.accountId)).toHaveLength(1);
  });

  it('keeps several passkeys per person, each opening the same keys; only the last is kept', async () => {
    const { page, session, authenticator } = await personPage('197212123335');
    await page.evaluate((csrf) => ((globalThis as any).csrf = csrf), session.csrf);
    const made = await registerWithKey(page);
    expect(made.status).toBe(201);
    const keyId = made.body.keys[0].id as string;

    // Unlock with the first passkey (its authenticator), then make the second on another
    // authenticator: the first is unplugged so only the second answers navigator.credentials.create().
    await page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      (globalThis as any).accountKey = (await p.unlock({ extractable: true })).accountKey;
    });
    await authenticator.cdp.send('WebAuthn.removeVirtualAuthenticator', {
      authenticatorId: authenticator.authenticatorId,
    });
    await addVirtualAuthenticator(page.context(), page, { hasPrf: true });
    await page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      await p.addPasskey('Reservnyckel', (globalThis as any).accountKey);
    });
    const listed = await api(wallet.baseUrl, session, 'GET', '/api/passkeys');
    expect(listed.body.passkeys.map((p: any) => [p.name, p.ready])).toEqual([
      ['Min telefon', true],
      ['Reservnyckel', true],
    ]);

    // The second passkey alone opens the same holder key.
    const opened = await page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      const { keys } = await p.unlock();
      return keys.map((k: any) => k.id);
    });
    expect(opened).toEqual([keyId]);

    // One of two may go; the last one, protecting keys, may not.
    const [phone, spare] = listed.body.passkeys as Array<{ id: string }>;
    expect((await api(wallet.baseUrl, session, 'DELETE', `/api/passkeys/${phone!.id}`)).status).toBe(204);
    expect((await api(wallet.baseUrl, session, 'DELETE', `/api/passkeys/${spare!.id}`)).status).toBe(409);
  });

  it('refuses a replayed unlock and an assertion by another account’s passkey', async () => {
    const alice = await personPage('198507099805');
    const bob = await personPage('197010102390');
    for (const person of [alice, bob]) {
      await person.page.evaluate((csrf) => ((globalThis as any).csrf = csrf), person.session.csrf);
      expect((await registerWithKey(person.page)).status).toBe(201);
    }

    // Replay: the same assertion twice; the challenge is taken once.
    const replay = await alice.page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      const headers = { 'content-type': 'application/json', 'x-csrf-token': (globalThis as any).csrf };
      const options = await (await fetch('/api/passkeys/unlock-options', { method: 'POST', headers })).json();
      const credential = await (globalThis as any).navigator.credentials.get({
        publicKey: p.requestOptions(options),
      });
      const body = JSON.stringify({ credential: p.assertionJson(credential) });
      const first = await fetch('/api/passkeys/unlock', { method: 'POST', headers, body });
      const second = await fetch('/api/passkeys/unlock', { method: 'POST', headers, body });
      return { first: first.status, second: second.status, error: ((await second.json()) as any).error };
    });
    expect(replay).toEqual({ first: 200, second: 400, error: 'invalid_request' });

    // Bob's passkey answers Alice's challenge; Alice's wallet refuses it.
    const aliceOptions = await api(wallet.baseUrl, alice.session, 'POST', '/api/passkeys/unlock-options');
    const bobPasskey = (await wallet.ctx.store.listPasskeys(bob.session.accountId))[0]!;
    const foreign = await bob.page.evaluate(
      async ({ options, bobId, salt }) => {
        const p = (globalThis as any).passkeys;
        const mixed = {
          ...options,
          allowCredentials: [{ id: bobId, type: 'public-key' }],
          extensions: { prf: { evalByCredential: { [bobId]: { first: salt } } } },
        };
        const credential = await (globalThis as any).navigator.credentials.get({
          publicKey: p.requestOptions(mixed),
        });
        return p.assertionJson(credential);
      },
      { options: aliceOptions.body, bobId: bobPasskey.id, salt: bobPasskey.prfSalt },
    );
    const refused = await api(wallet.baseUrl, alice.session, 'POST', '/api/passkeys/unlock', {
      credential: foreign,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('access_denied');
  });

  it('says so when the PRF output does not open the keys, and changes nothing', async () => {
    const carol = await personPage('196408233126');
    const dave = await personPage('194711088137');
    for (const person of [carol, dave]) {
      await person.page.evaluate((csrf) => ((globalThis as any).csrf = csrf), person.session.csrf);
      expect((await registerWithKey(person.page)).status).toBe(201);
    }
    // Carol's passkey row now holds Dave's wrapped account key (a changed authenticator, a
    // tampered row): her PRF output cannot open it.
    const [carolPasskey] = await wallet.ctx.store.listPasskeys(carol.session.accountId);
    const [davePasskey] = await wallet.ctx.store.listPasskeys(dave.session.accountId);
    await wallet.ctx.db.dataSource
      .getRepository(PasskeyEntity)
      .update({ id: carolPasskey!.id }, { wrappedAccountKey: davePasskey!.wrappedAccountKey });
    const outcome = await carol.page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      try {
        await p.unlock();
        return 'unlocked';
      } catch (err) {
        return `${err instanceof p.UnwrapFailure}: ${(err as Error).message}`;
      }
    });
    expect(outcome).toBe('true: the passkey does not open this wallet’s keys');
    expect(await wallet.ctx.store.listWrappedKeys(carol.session.accountId)).toHaveLength(1);
  });

  it('refuses a passkey without PRF with a clear message and keeps service-held keys', async () => {
    const erik = await personPage('195001012399', false);
    const outcome = await erik.page.evaluate(async () => {
      const p = (globalThis as any).passkeys;
      try {
        await p.registerPasskey('Utan PRF');
        return 'registered';
      } catch (err) {
        return `${err instanceof p.PrfUnsupported}: ${(err as Error).message}`;
      }
    });
    expect(outcome).toBe('true: the passkey has no PRF extension');
    const list = await api(wallet.baseUrl, erik.session, 'GET', '/api/passkeys');
    expect(list.body).toEqual({ key_protection: 'service', passkeys: [] });
  });

  it('adds a passkey from the settings screen, which says who can use the keys', async () => {
    const { session, context, page } = await openPasskeyPage(browser, wallet, '199001012384', {
      path: '/settings',
      hasPrf: true,
      locale: 'sv-SE',
    });
    contexts.push(context);
    await page.locator('[data-key-protection="service"]').waitFor({ timeout: 30_000 });
    await expectAccessible(page);
    await page.getByLabel('Namn på nyckeln').fill('Min telefon');
    await page.getByRole('button', { name: 'Lägg till nyckel' }).click();
    await page.getByText('Nyckeln är tillagd.').waitFor({ timeout: 30_000 });
    await page.locator('[data-key-protection="passkey"]').waitFor({ timeout: 30_000 });
    await expect(page.getByText('Min telefon', { exact: false }).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
    await shoot(page, 'wallet-passkey-settings');
    const list = await api(wallet.baseUrl, session, 'GET', '/api/passkeys');
    expect(list.body.key_protection).toBe('passkey');
    expect(list.body.passkeys).toEqual([expect.objectContaining({ name: 'Min telefon', ready: true })]);

    // It protects no key yet, so it may go; the account is back to service-held keys.
    const removed = await api(wallet.baseUrl, session, 'DELETE', `/api/passkeys/${list.body.passkeys[0].id}`);
    expect(removed.status).toBe(204);
    expect((await api(wallet.baseUrl, session, 'GET', '/api/passkeys')).body).toEqual({
      key_protection: 'service',
      passkeys: [],
    });
  });

  it('forgets the unlocked keys when the person signs out', async () => {
    const { page, session } = await personPage('195505055512');
    await page.evaluate((csrf) => ((globalThis as any).csrf = csrf), session.csrf);
    expect((await registerWithKey(page)).status).toBe(201);
    await page.goto(`${wallet.baseUrl}/settings`);
    await page.addScriptTag({ content: code });
    const kept = await page.evaluate(async (csrf) => {
      const p = (globalThis as any).passkeys;
      p.setCsrfToken(csrf);
      const { keys } = await p.unlock();
      await p.keepUnlocked(keys);
      return (await p.unlockedKeys(60_000))?.length;
    }, session.csrf);
    expect(kept).toBe(1);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${wallet.baseUrl}/`, { timeout: 30_000 });
    await page.addScriptTag({ content: code });
    expect(await page.evaluate(async () => (globalThis as any).passkeys.unlockedKeys(60_000))).toBeNull();
  });

  it('says in the settings screen when the passkey has no PRF, and nothing is registered', async () => {
    const { session, context, page } = await openPasskeyPage(browser, wallet, '198002022394', {
      path: '/settings',
      hasPrf: false,
      locale: 'sv-SE',
    });
    contexts.push(context);
    await page.locator('[data-key-protection="service"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Lägg till nyckel' }).click();
    await page
      .getByRole('alert')
      .getByText('saknar tillägget PRF', { exact: false })
      .waitFor({ timeout: 30_000 });
    const list = await api(wallet.baseUrl, session, 'GET', '/api/passkeys');
    expect(list.body).toEqual({ key_protection: 'service', passkeys: [] });
  });

  it('refuses a replayed registration and malformed ceremonies with the specifications’ error codes', async () => {
    const { page, session } = await personPage('193303033319');
    const replay = await page.evaluate(async (csrf) => {
      const p = (globalThis as any).passkeys;
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
      const options = await (
        await fetch('/api/passkeys/registration-options', { method: 'POST', headers })
      ).json();
      const credential = await (globalThis as any).navigator.credentials.create({
        publicKey: p.creationOptions(options),
      });
      const body = JSON.stringify({ name: 'Två gånger', credential: p.registrationJson(credential) });
      const first = await fetch('/api/passkeys', { method: 'POST', headers, body });
      const second = await fetch('/api/passkeys', { method: 'POST', headers, body });
      return { first: first.status, second: second.status, error: ((await second.json()) as any).error };
    }, session.csrf);
    expect(replay).toEqual({ first: 201, second: 400, error: 'invalid_request' });

    const unknownChallenge = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: 'never-issued', origin: wallet.baseUrl }),
    ).toString('base64url');
    for (const body of [
      {},
      { credential: { id: 'x' } },
      {
        credential: {
          id: 'AA',
          rawId: 'AA',
          type: 'public-key',
          response: { clientDataJSON: 'not-json', authenticatorData: 'AA', signature: 'AA' },
          clientExtensionResults: {},
        },
      },
      {
        credential: {
          id: 'AA',
          rawId: 'AA',
          type: 'public-key',
          response: { clientDataJSON: unknownChallenge, authenticatorData: 'AA', signature: 'AA' },
          clientExtensionResults: {},
        },
      },
    ]) {
      const response = await api(wallet.baseUrl, session, 'POST', '/api/passkeys/unlock', body);
      expect({ status: response.status, error: response.body.error }).toEqual({
        status: 400,
        error: 'invalid_request',
      });
      expect(response.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
  });

  it('forgets unused challenges once they expire', async () => {
    const session = await openDirectSession(wallet.ctx, '196603033337');
    const options = await api(wallet.baseUrl, session, 'POST', '/api/passkeys/registration-options');
    expect(options.status).toBe(200);
    const hash = hashSecret(options.body.challenge as string);
    const repository = wallet.ctx.db.dataSource.getRepository(WebAuthnChallengeEntity);
    expect(await repository.countBy({ challengeHash: hash })).toBe(1);
    wallet.advanceClock(301);
    await purgeExpired(wallet.ctx);
    expect(await repository.countBy({ challengeHash: hash })).toBe(0);
  });

  it('keeps WebAuthn ceremonies away from personal access tokens', async () => {
    const session = await openDirectSession(wallet.ctx, '191212121212');
    const token = await api(wallet.baseUrl, session, 'POST', '/api/tokens', { name: 'script' });
    const bearer = { headers: { authorization: `Bearer ${token.body.token}` } };
    const refused = await api(wallet.baseUrl, bearer, 'POST', '/api/passkeys/registration-options');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('insufficient_scope');
  });
});
