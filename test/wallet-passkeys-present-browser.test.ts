import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api } from '../wallet/test/wallet-api.js';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import { bundlePasskeyCode, openPasskeyPage } from './system/passkey-page.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { passkeyBrowserWorld } from './passkey-browser-world.js';

const tolvan = '191212121212';

/**
 * Issue 25 in Chromium with its virtual authenticator (PRF), the insurer story: the person
 * registers a passkey; the page's own code receives a credential from the real issuer (it makes
 * the holder keys and signs the proofs: issuance signed in the page) and answers the insurer
 * (the wallet's 202 signing request signed with the unlocked non-extractable key); the real
 * verifier accepts the KB-JWT.
 */
describe.each(testDatabaseKinds())('presenting with a passkey-protected key in the browser on %s', (kind) => {
  const set = passkeyBrowserWorld(kind);

  it('receives to keys made in the page and presents with one: the verifier accepts', async () => {
    const wallet = set.world.wallet.baseUrl;
    const opened = await openPasskeyPage(set.browser, set.world.wallet, tolvan, {
      path: '/health',
      hasPrf: true,
    });
    set.keep(opened.context);
    const { session, page } = opened;
    await page.addScriptTag({ content: await bundlePasskeyCode() });

    // A passkey; no holder key yet.
    await page.evaluate(async (csrf) => {
      const p = (globalThis as any).passkeys;
      p.setCsrfToken(csrf);
      await p.registerPasskey('Min telefon');
      await p.forgetUnlocked();
    }, session.csrf);

    // The offer received by the page's own code (receive.tsx's path): the wallet asks for keys
    // (keys_needed), the page unlocks with the passkey, makes and wraps them, and signs the
    // issuer's proofs (a signing request of kind issuance); the real issuer binds each copy.
    const offer = await set.world.offer('af', tolvan, ['registration_certificate']);
    const received = await page.evaluate(async (body) => (globalThis as any).passkeys.receiveOffer(body), {
      offer: offer.offer_link as string,
      tx_code: offer.tx_code as string,
    });
    expect(received).toMatchObject({ state: 'pending', credentials: [{ vct: expect.any(String) }] });
    const accepted = await page.evaluate(
      async ({ csrf, id }) => {
        const response = await fetch(`/api/credential-offers/${id}/accept`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: '{}',
        });
        return response.status;
      },
      { csrf: session.csrf, id: received.id as string },
    );
    expect(accepted).toBe(200);
    const ctx = set.world.wallet.ctx;
    const account = (await ctx.store.findAccount(session.accountId))!;
    expect(account.keyProtection).toBe('passkey');
    const [row] = await ctx.store.listCredentials(account.id, ['stored']);
    const sealed = openSealed(ctx, account, row!);
    // Every copy is bound to a key only the page holds: the service keeps it wrapped.
    expect(sealed.copies.length).toBeGreaterThan(1);
    for (const copy of sealed.copies) {
      expect(copy.kmsKid).toBeUndefined();
      expect(await ctx.store.findWrappedKey(account.id, copy.keyId!)).not.toBeNull();
    }

    // The insurer asks; the page answers with its own code (present.tsx's path).
    const created = await createPresentationRequest(set.verifier, 'insurer', {
      template: 'unemployment_claim',
    });
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
    const result = await readPresentationResult(set.verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
    });

    // The receive screen itself (views/receive.tsx) takes the same path: an offer link opened
    // in the wallet, the passkey unlocks, the page makes the keys and signs, the person saves.
    const second = await set.world.offer('af', tolvan, ['registration_certificate']);
    const link = new URLSearchParams({
      offer: second.offer_link as string,
      tx_code: second.tx_code as string,
    });
    await page.goto(`${wallet}/receive?${link.toString()}`);
    await page.getByRole('button', { name: 'Spara i plånboken' }).click({ timeout: 30_000 });
    await page.getByText('Intyget är sparat.').first().waitFor({ timeout: 30_000 });
    const stored = await ctx.store.listCredentials(account.id, ['stored']);
    expect(stored).toHaveLength(2);
    for (const held of stored) {
      expect(openSealed(ctx, account, held).copies.every((c) => c.keyId !== undefined && !c.kmsKid)).toBe(
        true,
      );
    }
  }, 180_000);

  it('asks for a deferred credential bound to the page’s DPoP key only while the keys are unlocked', async () => {
    const alva = '200503152381';
    const wallet = set.world.wallet.baseUrl;
    const opened = await openPasskeyPage(set.browser, set.world.wallet, alva, {
      path: '/health',
      hasPrf: true,
    });
    const { session, page } = opened;
    await page.addScriptTag({ content: await bundlePasskeyCode() });
    await page.evaluate(async (csrf) => {
      const p = (globalThis as any).passkeys;
      p.setCsrfToken(csrf);
      await p.registerPasskey('Min telefon');
    }, session.csrf);
    const issuer = set.world.issuer.ctx;
    const record = await issuer.registerStore.find('skola', alva, 'diploma');
    const receiveDeferred = async () => {
      await issuer.registerStore.upsert({ ...record!, readyAt: issuer.now() + 3600 });
      const offer = await set.world.offer('skola', alva, ['upper_secondary_diploma']);
      const link = new URLSearchParams({
        offer: offer.offer_link as string,
        tx_code: offer.tx_code as string,
      });
      await page.goto(`${wallet}/receive?${link.toString()}`);
      await page.getByText('Utfärdaren behöver mer tid.').first().waitFor({ timeout: 30_000 });
    };
    // The issuer is ready, and the interval it asked the wallet to wait (an hour) has passed.
    const ready = async () => {
      await issuer.registerStore.upsert({ ...record!, readyAt: null });
      for (const row of await set.world.wallet.ctx.store.listCredentials(session.accountId, ['deferred'])) {
        await set.world.wallet.ctx.store.updateCredential({ id: row.id }, { nextPollAt: null });
      }
    };
    const account = async () => (await set.world.wallet.ctx.store.findAccount(session.accountId))!;
    const savedBoundToPage = async (count: number) => {
      await page.getByRole('button', { name: 'Spara i plånboken' }).click({ timeout: 30_000 });
      await page.getByText('Intyget är sparat.').first().waitFor({ timeout: 30_000 });
      const ctx = set.world.wallet.ctx;
      const stored = await ctx.store.listCredentials(session.accountId, ['stored']);
      expect(stored).toHaveLength(count);
      for (const held of stored) {
        const sealed = openSealed(ctx, await account(), held);
        expect(sealed.copies.every((c) => c.keyId !== undefined && !c.kmsKid)).toBe(true);
      }
    };

    // Unlocked: the receive screen signs each poll's DPoP proof and shows the credential once ready.
    await receiveDeferred();
    await ready();
    await savedBoundToPage(1);

    // Locked: nothing is asked of the issuer until the person unlocks with the passkey.
    await receiveDeferred();
    await page.addScriptTag({ content: await bundlePasskeyCode() });
    await page.evaluate(async () => (globalThis as any).passkeys.forgetUnlocked());
    await page.getByText('Plånboken frågar igen när du låser upp').first().waitFor({ timeout: 30_000 });
    await ready();
    await page.getByRole('button', { name: 'Lås upp och fråga igen' }).click();
    await savedBoundToPage(2);
    await opened.context.close();
  }, 180_000);
});
