import type { Browser } from 'playwright-core';
import { CompactEncrypt, decodeJwt, importJWK, type JWK } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import {
  discloseRequested,
  presentCredential,
  type AuthorizationRequest,
} from '../verifier/test/test-wallet.js';
import { launchChromium } from './system/browser.js';
import {
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * The consumer page's Digital Credentials API path in Chromium (OpenID4VP 1.0 Appendix A, HAIP
 * 1.0 §5.2). Chromium here exposes `DigitalCredential` and `navigator.credentials.get({ digital })`,
 * but no platform wallet is installed to answer it (the call never settles), and our own wallet,
 * a web app, cannot be one. So `navigator.credentials.get` is replaced, before the page loads, by
 * a script that does what the browser does: hands the request and the page's origin to a wallet
 * (a holder in the test process, presenting a real credential from the issuer) and resolves with
 * a DigitalCredential-shaped `{ protocol, data }`. Everything else — the page, its script, the
 * verifier's request, origin and audience checks, the result in the page — is the real thing.
 */
describe.each(testDatabaseKinds())('the Digital Credentials API on the consumer page on %s', (kind) => {
  let world: VerifierWorld;
  let held: IssuedCredential;
  let browser: Browser;
  beforeAll(async () => {
    world = await startVerifierWorld(kind);
    held = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  /** The platform wallet's part: the request by value, the origin from the browser; an encrypted answer. */
  async function platformWallet(digitalJson: string, origin: string, audience?: string) {
    const digital = JSON.parse(digitalJson) as {
      requests: Array<{ protocol: string; data: { request: string } }>;
    };
    const [entry] = digital.requests;
    const request = decodeJwt(entry!.data.request) as unknown as AuthorizationRequest & {
      expected_origins: string[];
    };
    // A wallet answers only a page the verifier named.
    if (!request.expected_origins.includes(origin)) throw new Error('origin not expected');
    const vpToken = {
      registration: [
        await presentCredential({
          credential: held.credential,
          holderPrivateKey: held.holderKey.privateKey,
          request,
          audience: audience ?? `origin:${origin}`,
          disclose: discloseRequested(request, 'registration'),
        }),
      ],
    };
    const jwk = request.client_metadata.jwks!.keys[0] as JWK;
    const response = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify({ vp_token: vpToken, state: request.state })),
    )
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: jwk.kid })
      .encrypt(await importJWK(jwk, 'ECDH-ES'));
    return { protocol: entry!.protocol, data: { response } };
  }

  async function openPage(audience?: string) {
    const context = await browser.newContext();
    await context.exposeFunction('__platformWallet', (digital: string, origin: string) =>
      platformWallet(digital, origin, audience),
    );
    await context.addInitScript(() => {
      const w = globalThis as any;
      w.navigator.credentials.get = (options: { digital: unknown }) =>
        w.__platformWallet(JSON.stringify(options.digital), w.location.origin);
    });
    const page = await context.newPage();
    await page.goto(`${world.verifier.url}/insurer`);
    return { context, page };
  }

  it('offers the browser path where the API exists; the answer fills the page and verifies with origin:<origin>', async () => {
    const { context, page } = await openPage();
    try {
      await page.click('#dc-api');
      await page.waitForFunction(
        () => (globalThis as any).document.getElementById('f-registration-given_name')?.value === 'Tolvan',
        undefined,
        { timeout: 30_000 },
      );
      const id = new URL(page.url()).searchParams.get('request')!;
      const result = await readPresentationResult(world.verifier, 'insurer', id);
      expect(result.body).toMatchObject({ status: 'verified', response_mode: 'dc_api.jwt' });
      expect(result.body.checks).toContainEqual(expect.objectContaining({ name: 'audience', passed: true }));
      const row = await world.verifier.ctx.store.findRequest(id);
      expect(row?.expectedOrigins).toEqual([new URL(world.verifier.baseUrl).origin]);
    } finally {
      await context.close();
    }
  });

  it('falls back to the QR code and link in a browser without the API', async () => {
    const context = await browser.newContext();
    // A browser without the Digital Credentials API: no DigitalCredential before the page runs.
    await context.addInitScript(() => {
      delete (globalThis as any).DigitalCredential;
    });
    try {
      const page = await context.newPage();
      await page.goto(`${world.verifier.url}/insurer`);
      await page.waitForSelector('a[href^="openid4vp://"]', { timeout: 30_000 });
      expect(await page.evaluate(() => typeof (globalThis as any).DigitalCredential)).toBe('undefined');
      expect(await page.isHidden('#dc-api')).toBe(true);
      expect(await page.textContent('a[href^="openid4vp://"]')).toBe('Öppna i en plånboksapp');
    } finally {
      await context.close();
    }
  });

  it('shows the refusal when the presentation is for another audience than the page origin', async () => {
    const { context, page } = await openPage('https://insurer.example');
    try {
      await page.click('#dc-api');
      await page.waitForFunction(
        () => !(globalThis as any).document.getElementById('result')?.hidden,
        undefined,
        { timeout: 30_000 },
      );
      const id = new URL(page.url()).searchParams.get('request')!;
      const result = await readPresentationResult(world.verifier, 'insurer', id);
      expect(result.body.status).toBe('rejected');
      expect(
        result.body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { name: string }) => c.name),
      ).toEqual(['audience']);
      expect(await page.inputValue('#f-registration-given_name')).toBe('');
    } finally {
      await context.close();
    }
  });
});
