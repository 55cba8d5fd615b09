import type { Browser, BrowserContext } from 'playwright-core';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { getJson } from '../issuer/test/wallet-client.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import { api } from '../wallet/test/wallet-api.js';
import { openDirectSession } from '../wallet/test/direct-session.js';
import { bindToPageKey, issueToKey } from './passkey-signing-helpers.js';
import { launchChromium } from './system/browser.js';
import { addVirtualAuthenticator, bundlePasskeyCode } from './system/passkey-page.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

/**
 * Issue 25 in Chromium with its virtual authenticator (PRF): the person registers a passkey, the
 * page makes a holder key, the issuer binds a credential to it (the proof signed in the page),
 * and the page's own code answers the insurer: the wallet's 202 signing request is signed with
 * the unlocked non-extractable key, and the real verifier accepts the KB-JWT.
 */
describe.each(testDatabaseKinds())('presenting with a passkey-protected key in the browser on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    world = await startWalletWorld(kind, { walletPublicHost: 'localhost' });
    const source = createMutableTrustList();
    verifier = await startVerifier(kind, { trustList: source });
    verifier.ctx.settings.issuerBaseUrl = world.issuer.baseUrl;
    const issuers = await Promise.all(
      ['af', 'skatteverket', 'migrationsverket', 'skola'].map((id) =>
        fetchTrustedIssuer({ id, credentialIssuer: `${world.issuer.baseUrl}/${id}` }),
      ),
    );
    const consumers = (await getJson(`${verifier.url}/api/consumers`)).body.consumers;
    const list = buildTrustList({
      operator: 'test operator',
      issuers,
      consumers,
      registrations: demoRegistrations,
    });
    source.set(list);
    Object.assign(world.trustList, list);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await verifier?.stop();
    await world?.stop();
  });

  it('receives to a key made in the page and presents with it: the verifier accepts', async () => {
    const wallet = world.wallet.baseUrl;
    const session = await openDirectSession(world.wallet.ctx, tolvan);
    context = await browser.newContext({ bypassCSP: true });
    const [name, value] = session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: wallet }]);
    const page = await context.newPage();
    await page.goto(`${wallet}/health`);
    await addVirtualAuthenticator(context, page, { hasPrf: true });
    await page.addScriptTag({ content: await bundlePasskeyCode() });

    // Passkey, then one holder key made and wrapped in the page; the server keeps it wrapped.
    const made = await page.evaluate(async (csrf) => {
      const p = (globalThis as any).passkeys;
      p.setCsrfToken(csrf);
      await p.registerPasskey('Min telefon');
      const { accountKey } = await p.unlock();
      const key = await p.createHolderKey(accountKey);
      const stored = await fetch('/api/holder-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ keys: [key] }),
      });
      const body = (await stored.json()) as any;
      // Unlocked once more: the new key too, kept for the idle time.
      const { keys } = await p.unlock();
      await p.keepUnlocked(keys);
      return { status: stored.status, keyId: body.keys[0].id as string, publicJwk: key.public_jwk };
    }, session.csrf);
    expect(made.status).toBe(201);

    // A credential received as today, then bound to the page's key: the issuer's proof is
    // signed in the page (stand-in for issuance in the page, docs/passkeys.md).
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(wallet, session, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(
      (await api(wallet, session, 'POST', `/api/credential-offers/${received.body.id}/accept`)).status,
    ).toBe(200);
    const account = (await world.wallet.ctx.store.findAccount(session.accountId))!;
    const [row] = await world.wallet.ctx.store.listCredentials(account.id, ['stored']);
    const compact = await issueToKey(world, tolvan, made.publicJwk, (input) =>
      page.evaluate(
        async ({ input, keyId }) => {
          const p = (globalThis as any).passkeys;
          const keys = await p.unlockedKeys(60_000);
          return p.signJws(keys.find((k: any) => k.id === keyId).key, input);
        },
        { input, keyId: made.keyId },
      ),
    );
    await bindToPageKey(world, account, row!.id, compact, made.keyId);

    // The insurer asks; the page answers with its own code (present.tsx's path).
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    const shown = await api(wallet, session, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    const outcome = await page.evaluate(
      async ({ csrf, id }) => {
        const p = (globalThis as any).passkeys;
        const response = await fetch(`/api/presentation-requests/${id}/response`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ decision: 'approve' }),
        });
        const first = (await response.json()) as any;
        const status = response.status;
        if (!p.isSigningRequest(first)) return { status, first };
        return { status, answer: await p.completeSigningRequest(first) };
      },
      { csrf: session.csrf, id: shown.body.id as string },
    );
    expect(outcome.status).toBe(202);
    expect(outcome.answer).toMatchObject({ decision: 'approve', delivered: true });
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
    });
  }, 120_000);
});
